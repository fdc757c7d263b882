
use builtin;
use str;

set edit:completion:arg-completer[ccx] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ccx'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ccx'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand functions 'Show each topology function: role, state, last update, runtime'
            cand mappings 'Show event source mappings grouped by source; flag queues without exactly one consumer'
            cand queues 'Show queue depths (visible, in flight, delayed) and dead-letter queues'
            cand map 'Draw the pipeline: each queue and stream, its depth, its consumers and their states'
            cand dlq 'Look into a queue''s dead-letter queue, or send its messages back (SQS message move task)'
            cand verify 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs'
            cand guard 'Run a deploy while watching every queue''s consumers; report each moment with zero or two'
            cand tail 'Follow one or more functions'' logs, merged in time order, markers highlighted'
            cand rollback 'Switch each lines/words queue back to its fallback consumer (break before make)'
            cand switch 'Make FUNCTION the only enabled consumer of the topology queues (break before make)'
            cand policy 'Print the least-privilege IAM policy the commands need (JSON)'
            cand config 'Show or write the topology (functions, queues, streams, log markers)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;functions'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;mappings'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --all 'Every mapping in the account and region, not only the topology''s sources'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;queues'= {
            cand --interval 'Time between readings under --watch (at least 200ms)'
            cand --count 'Stop after this many readings under --watch (at least 1)'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -w 'Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in place on a terminal)'
            cand --watch 'Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in place on a terminal)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;map'= {
            cand --interval 'Time between readings under --watch (at least 200ms)'
            cand --count 'Stop after this many readings under --watch (at least 1)'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -w 'Redraw the map every --interval (in place on a terminal) until Ctrl-C'
            cand --watch 'Redraw the map every --interval (in place on a terminal) until Ctrl-C'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;dlq'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place'
            cand redrive 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;dlq;show'= {
            cand --max 'Show at most this many messages (each look raises their receive count)'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;dlq;redrive'= {
            cand --max-per-second 'Move at most N messages a second (1-500) [default: SQS chooses]'
            cand --on-interrupt 'What Ctrl-C, SIGTERM or SIGHUP does to the running move task: ask (on a terminal; without one the task is left running), cancel it, or leave it running'
            cand --audit-log 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --dry-run 'Show the plan and stop; move nothing'
            cand -y 'Start without asking (required when not on a terminal)'
            cand --yes 'Start without asking (required when not on a terminal)'
            cand --force 'Redrive even when QUEUE does not have exactly one healthy consumer'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;dlq;help'= {
            cand show 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place'
            cand redrive 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;dlq;help;show'= {
        }
        &'ccx;dlq;help;redrive'= {
        }
        &'ccx;dlq;help;help'= {
        }
        &'ccx;verify'= {
            cand --since 'How far back to look in the logs and metrics (e.g. 15m, 1h)'
            cand --wait 'Re-run until everything passes (or only stable warnings remain), up to DURATION'
            cand --sample 'Read queue depths twice, DURATION apart, and warn about queues that do not drain'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --strict 'Treat warnings as failures (exit 1)'
            cand --rolled-back 'Check the state `ccx rollback` leaves: each queue''s fallback as its one consumer, the replaced consumer idle'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;guard'= {
            cand --interval 'Time between readings (at least 200ms); each costs one Lambda request per source'
            cand --until-stable 'After the command ends, watch until the mappings have not changed for DURATION'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;tail'= {
            cand --since 'Start: a span back from now (30s, 15m, 2h, 1d) or an RFC 3339 time'
            cand --until 'End, in the same forms as --since [default: now; with --follow: until Ctrl-C]'
            cand --lookback 'With --follow: how late an event may reach CloudWatch (after its own timestamp) and still be shown [default: 2m]'
            cand --filter 'CloudWatch filter pattern, applied by CloudWatch (e.g. `ERROR`, `"Merged"`)'
            cand --stream 'Only the log streams whose names start with PREFIX, in every group (e.g. `2026/11/29/[$LATEST]`: one day''s streams of one version)'
            cand --streams 'With --list: how many streams per group, 1 to 50 [default: 5]'
            cand --format 'Line layout (text output); detailed adds the stream and when CloudWatch ingested each event (with how late, when 10s or more)'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -f 'Keep printing new events as they arrive, until Ctrl-C (or --until)'
            cand --follow 'Keep printing new events as they arrive, until Ctrl-C (or --until)'
            cand --list 'List the NAMEs'' log groups and their most recent streams instead of events'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;rollback'= {
            cand --queue 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]'
            cand --timeout 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling'
            cand --lookback 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer''s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)'
            cand --audit-log 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --dry-run 'Show the plan and stop; change nothing'
            cand -y 'Apply without asking (required when not on a terminal)'
            cand --yes 'Apply without asking (required when not on a terminal)'
            cand --create-missing 'Create the target''s mapping where it has none, copying batch size, batching window, maximum concurrency, response types and event filters from the mapping it replaces'
            cand --no-drain 'Enable the target right after the old consumer''s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function''s timeout)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;switch'= {
            cand --to 'The function to make the only enabled consumer: a topology key (`enhanced-compaction`) or a real function name'
            cand --queue 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]'
            cand --timeout 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling'
            cand --lookback 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer''s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)'
            cand --audit-log 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --force 'Switch a queue even to a function the topology names neither as its consumer nor as its fallback (refused otherwise)'
            cand --dry-run 'Show the plan and stop; change nothing'
            cand -y 'Apply without asking (required when not on a terminal)'
            cand --yes 'Apply without asking (required when not on a terminal)'
            cand --create-missing 'Create the target''s mapping where it has none, copying batch size, batching window, maximum concurrency, response types and event filters from the mapping it replaces'
            cand --no-drain 'Enable the target right after the old consumer''s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function''s timeout)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;policy'= {
            cand --for 'Which commands: `read` (look only), `switch` (read, rollback and switch) or `all`'
            cand --command 'Only what this command needs (repeatable), e.g. `--command verify`'
            cand --account 'Account ID in the resource ARNs [default: `*`]'
            cand --log-group 'Also allow reading this log group (repeatable): for a function whose LoggingConfig sends its logs somewhere other than /aws/lambda/NAME'
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --markdown 'Print the permissions as a Markdown table (as in the README) instead of the policy document'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;config'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the effective topology (TOML, or JSON with --output json)'
            cand init 'Write the built-in topology to a file to edit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;config;show'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;config;init'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand --force 'Overwrite an existing file'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;config;help'= {
            cand show 'Print the effective topology (TOML, or JSON with --output json)'
            cand init 'Write the built-in topology to a file to edit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;config;help;show'= {
        }
        &'ccx;config;help;init'= {
        }
        &'ccx;config;help;help'= {
        }
        &'ccx;completions'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;man'= {
            cand --profile 'AWS named profile (SSO profiles work too)'
            cand --region 'AWS region'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)'
            cand --stack 'Stack whose resources to look at [default: the topology''s stack, `dev`]'
            cand --config 'Topology file [default: ./ccx.toml, then the user config dir]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured in `auto`)'
            cand --log-search-rate 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)'
            cand -q 'Print less: only problems and errors'
            cand --quiet 'Print less: only problems and errors'
            cand -v 'Print more: every AWS call''s context on errors, resolution details'
            cand --verbose 'Print more: every AWS call''s context on errors, resolution details'
            cand --wide 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ccx;help'= {
            cand functions 'Show each topology function: role, state, last update, runtime'
            cand mappings 'Show event source mappings grouped by source; flag queues without exactly one consumer'
            cand queues 'Show queue depths (visible, in flight, delayed) and dead-letter queues'
            cand map 'Draw the pipeline: each queue and stream, its depth, its consumers and their states'
            cand dlq 'Look into a queue''s dead-letter queue, or send its messages back (SQS message move task)'
            cand verify 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs'
            cand guard 'Run a deploy while watching every queue''s consumers; report each moment with zero or two'
            cand tail 'Follow one or more functions'' logs, merged in time order, markers highlighted'
            cand rollback 'Switch each lines/words queue back to its fallback consumer (break before make)'
            cand switch 'Make FUNCTION the only enabled consumer of the topology queues (break before make)'
            cand policy 'Print the least-privilege IAM policy the commands need (JSON)'
            cand config 'Show or write the topology (functions, queues, streams, log markers)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ccx;help;functions'= {
        }
        &'ccx;help;mappings'= {
        }
        &'ccx;help;queues'= {
        }
        &'ccx;help;map'= {
        }
        &'ccx;help;dlq'= {
            cand show 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place'
            cand redrive 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
        }
        &'ccx;help;dlq;show'= {
        }
        &'ccx;help;dlq;redrive'= {
        }
        &'ccx;help;verify'= {
        }
        &'ccx;help;guard'= {
        }
        &'ccx;help;tail'= {
        }
        &'ccx;help;rollback'= {
        }
        &'ccx;help;switch'= {
        }
        &'ccx;help;policy'= {
        }
        &'ccx;help;config'= {
            cand show 'Print the effective topology (TOML, or JSON with --output json)'
            cand init 'Write the built-in topology to a file to edit'
        }
        &'ccx;help;config;show'= {
        }
        &'ccx;help;config;init'= {
        }
        &'ccx;help;completions'= {
        }
        &'ccx;help;man'= {
        }
        &'ccx;help;help'= {
        }
    ]
    $completions[$command]
}
