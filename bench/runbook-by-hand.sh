#!/usr/bin/env bash
# The runbook's four verification steps as an operator types them with the AWS CLI
# (what `ccx verify` replaces), one command after the other. Needs `aws` on PATH and the
# usual AWS environment; AWS_ENDPOINT_URL, when set, is passed on explicitly.
# Usage: bench/runbook-by-hand.sh LOG_GROUP LINES_QUEUE_URL
set -uo pipefail
log_group=$1
lines_queue_url=$2
endpoint=(${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"})
since_ms=$(( ($(date +%s) - 900) * 1000 ))

aws "${endpoint[@]}" lambda list-functions \
  --query 'Functions[?contains(FunctionName, `chroma-worker`)].FunctionName'
aws "${endpoint[@]}" lambda list-functions \
  --query 'Functions[?contains(FunctionName, `enhanced-compaction`)].FunctionName'
aws "${endpoint[@]}" lambda list-event-source-mappings \
  --query 'EventSourceMappings[?contains(EventSourceArn, `lines-queue`)].{Function:FunctionArn,State:State}'
aws "${endpoint[@]}" lambda list-event-source-mappings \
  --query 'EventSourceMappings[?contains(EventSourceArn, `words-queue`)].{Function:FunctionArn,State:State}'
aws "${endpoint[@]}" sqs get-queue-attributes --queue-url "$lines_queue_url" \
  --attribute-names ApproximateNumberOfMessages
# `aws logs tail` of CLI v2; v1 has its building block:
aws "${endpoint[@]}" logs filter-log-events --log-group-name "$log_group" \
  --start-time "$since_ms" --query 'events[].message' --output text
