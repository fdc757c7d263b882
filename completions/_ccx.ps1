
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ccx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ccx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ccx' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('functions', 'functions', [CompletionResultType]::ParameterValue, 'Show each topology function: role, state, last update, runtime')
            [CompletionResult]::new('mappings', 'mappings', [CompletionResultType]::ParameterValue, 'Show event source mappings grouped by source; flag queues without exactly one consumer')
            [CompletionResult]::new('queues', 'queues', [CompletionResultType]::ParameterValue, 'Show queue depths (visible, in flight, delayed) and dead-letter queues')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Draw the pipeline: each queue and stream, its depth, its consumers and their states')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Look into a queue''s dead-letter queue, or send its messages back (SQS message move task)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare each queue''s consumers with what the IaC declares (--iac or [iac]); exit 1 when they differ')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Run a deploy while watching every queue''s consumers; report each moment with zero or two')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow one or more functions'' logs, merged in time order, markers highlighted')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Switch each lines/words queue back to its fallback consumer (break before make)')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make FUNCTION the only enabled consumer of the topology queues (break before make)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy the commands need (JSON)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or write the topology (functions, queues, streams, log markers)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;functions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;mappings' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every mapping in the account and region, not only the topology''s sources')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;queues' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between readings under --watch (at least 200ms)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many readings under --watch (at least 1)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in place on a terminal)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in place on a terminal)')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;map' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between readings under --watch (at least 200ms)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many readings under --watch (at least 1)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Redraw the map every --interval (in place on a terminal) until Ctrl-C')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw the map every --interval (in place on a terminal) until Ctrl-C')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;dlq' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;dlq;show' {
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Show at most this many messages (each look raises their receive count)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;dlq;redrive' {
            [CompletionResult]::new('--max-per-second', '--max-per-second', [CompletionResultType]::ParameterName, 'Move at most N messages a second (1-500) [default: SQS chooses]')
            [CompletionResult]::new('--on-interrupt', '--on-interrupt', [CompletionResultType]::ParameterName, 'What Ctrl-C, SIGTERM or SIGHUP does to the running move task: ask (on a terminal; without one the task is left running), cancel it, or leave it running')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and stop; move nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Start without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Start without asking (required when not on a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Redrive even when QUEUE does not have exactly one healthy consumer')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;dlq;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;dlq;help;show' {
            break
        }
        'ccx;dlq;help;redrive' {
            break
        }
        'ccx;dlq;help;help' {
            break
        }
        'ccx;verify' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to look in the logs and metrics (e.g. 15m, 1h)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Re-run until everything passes (or only stable warnings remain), up to DURATION')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Read queue depths twice, DURATION apart, and warn about queues that do not drain')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave a source out where the account does not offer it (repeatable): its reads are not made and its checks are reported as skipped, never as passes')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as failures (exit 1)')
            [CompletionResult]::new('--rolled-back', '--rolled-back', [CompletionResultType]::ParameterName, 'Check the state `ccx rollback` leaves: each queue''s fallback as its one consumer, the replaced consumer idle')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;drift' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;guard' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between readings (at least 200ms); each costs one Lambda request per source')
            [CompletionResult]::new('--until-stable', '--until-stable', [CompletionResultType]::ParameterName, 'After the command ends, watch until the mappings have not changed for DURATION')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave a source out of the final verify where the account does not offer it (repeatable, as `ccx verify --skip`): its reads are not made and its checks are reported as skipped')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;tail' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start: a span back from now (30s, 15m, 2h, 1d) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End, in the same forms as --since [default: now; with --follow: until Ctrl-C]')
            [CompletionResult]::new('--lookback', '--lookback', [CompletionResultType]::ParameterName, 'With --follow: how late an event may reach CloudWatch (after its own timestamp) and still be shown [default: 2m]')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'CloudWatch filter pattern, applied by CloudWatch (e.g. `ERROR`, `"Merged"`)')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Only the log streams whose names start with PREFIX, in every group (e.g. `2026/11/29/[$LATEST]`: one day''s streams of one version)')
            [CompletionResult]::new('--streams', '--streams', [CompletionResultType]::ParameterName, 'With --list: how many streams per group, 1 to 50 [default: 5]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Line layout (text output); detailed adds the stream and when CloudWatch ingested each event (with how late, when 10s or more)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Only the invocation with this request id, with its lines (implies --by-request)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing new events as they arrive, until Ctrl-C (or --until)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing new events as they arrive, until Ctrl-C (or --until)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the NAMEs'' log groups and their most recent streams instead of events')
            [CompletionResult]::new('--by-request', '--by-request', [CompletionResultType]::ParameterName, 'Each invocation as a block, in order of its start: a header (time, request id, outcome, duration, memory, cold start), then its lines')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Only the invocations that failed, timed out, ran out of memory or failed to initialise, with their lines (implies --by-request)')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Text times in this machine''s time zone (with its offset) [default: UTC, as `aws logs tail` prints them; JSON output is always UTC]')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Text times in UTC (the default)')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;rollback' {
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling')
            [CompletionResult]::new('--lookback', '--lookback', [CompletionResultType]::ParameterName, 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer''s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and stop; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not on a terminal)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create the target''s mapping where it has none, copying batch size, batching window, maximum concurrency, response types, event filters, metrics config and provisioned pollers from the mapping it replaces')
            [CompletionResult]::new('--no-drain', '--no-drain', [CompletionResultType]::ParameterName, 'Enable the target right after the old consumer''s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function''s timeout)')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;switch' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The function to make the only enabled consumer: a topology key (`enhanced-compaction`) or a real function name')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling')
            [CompletionResult]::new('--lookback', '--lookback', [CompletionResultType]::ParameterName, 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer''s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Switch a queue even to a function the topology names neither as its consumer nor as its fallback (refused otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and stop; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not on a terminal)')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create the target''s mapping where it has none, copying batch size, batching window, maximum concurrency, response types, event filters, metrics config and provisioned pollers from the mapping it replaces')
            [CompletionResult]::new('--no-drain', '--no-drain', [CompletionResultType]::ParameterName, 'Enable the target right after the old consumer''s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function''s timeout)')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;policy' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Which commands: `read` (look only), `switch` (read, rollback and switch) or `all`')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Only what this command needs (repeatable), e.g. `--command verify`')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account ID in the resource ARNs [default: `*`]')
            [CompletionResult]::new('--log-group', '--log-group', [CompletionResultType]::ParameterName, 'Also allow reading this log group (repeatable): for a function whose LoggingConfig sends its logs somewhere other than /aws/lambda/NAME')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--markdown', '--markdown', [CompletionResultType]::ParameterName, 'Print the permissions as a Markdown table (as in the README) instead of the policy document')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective topology (TOML, or JSON with --output json)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the built-in topology to a file to edit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;config;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;config;init' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective topology (TOML, or JSON with --output json)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the built-in topology to a file to edit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;config;help;show' {
            break
        }
        'ccx;config;help;init' {
            break
        }
        'ccx;config;help;help' {
            break
        }
        'ccx;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region; several (repeated or comma-separated) read each region at once')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'Stack whose resources to look at [default: the topology''s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topology file [default: ./ccx.toml, then the user config dir]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in `auto`)')
            [CompletionResult]::new('--iac', '--iac', [CompletionResultType]::ParameterName, 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config''s `[iac]`]')
            [CompletionResult]::new('--log-search-rate', '--log-search-rate', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second ccx may send (the account''s quota, 5, is shared by everyone; lower it to leave room for others)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal''s width; piped output is not fitted]')
            [CompletionResult]::new('--all-stacks', '--all-stacks', [CompletionResultType]::ParameterName, 'Every stack of the account: those ccx.toml''s `stacks` names, or those the topology''s name patterns find in each account and region')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: only problems and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: every AWS call''s context on errors, resolution details')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ccx;help' {
            [CompletionResult]::new('functions', 'functions', [CompletionResultType]::ParameterValue, 'Show each topology function: role, state, last update, runtime')
            [CompletionResult]::new('mappings', 'mappings', [CompletionResultType]::ParameterValue, 'Show event source mappings grouped by source; flag queues without exactly one consumer')
            [CompletionResult]::new('queues', 'queues', [CompletionResultType]::ParameterValue, 'Show queue depths (visible, in flight, delayed) and dead-letter queues')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Draw the pipeline: each queue and stream, its depth, its consumers and their states')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Look into a queue''s dead-letter queue, or send its messages back (SQS message move task)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare each queue''s consumers with what the IaC declares (--iac or [iac]); exit 1 when they differ')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Run a deploy while watching every queue''s consumers; report each moment with zero or two')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow one or more functions'' logs, merged in time order, markers highlighted')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Switch each lines/words queue back to its fallback consumer (break before make)')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make FUNCTION the only enabled consumer of the topology queues (break before make)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy the commands need (JSON)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or write the topology (functions, queues, streams, log markers)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ccx;help;functions' {
            break
        }
        'ccx;help;mappings' {
            break
        }
        'ccx;help;queues' {
            break
        }
        'ccx;help;map' {
            break
        }
        'ccx;help;dlq' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show QUEUE''s dead-letter queue: depth, oldest message and up to --max messages, left in place')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move QUEUE''s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer')
            break
        }
        'ccx;help;dlq;show' {
            break
        }
        'ccx;help;dlq;redrive' {
            break
        }
        'ccx;help;verify' {
            break
        }
        'ccx;help;drift' {
            break
        }
        'ccx;help;guard' {
            break
        }
        'ccx;help;tail' {
            break
        }
        'ccx;help;rollback' {
            break
        }
        'ccx;help;switch' {
            break
        }
        'ccx;help;policy' {
            break
        }
        'ccx;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective topology (TOML, or JSON with --output json)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the built-in topology to a file to edit')
            break
        }
        'ccx;help;config;show' {
            break
        }
        'ccx;help;config;init' {
            break
        }
        'ccx;help;completions' {
            break
        }
        'ccx;help;man' {
            break
        }
        'ccx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
