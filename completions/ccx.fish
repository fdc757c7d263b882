# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ccx_global_optspecs
    string join \n profile= region= endpoint-url= stack= all-stacks config= o/output= color= iac= log-search-rate= q/quiet v/verbose wide width= h/help V/version
end

function __fish_ccx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ccx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ccx_using_subcommand
    set -l cmd (__fish_ccx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ccx -n "__fish_ccx_needs_command" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_needs_command" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_needs_command" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_needs_command" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_needs_command" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_needs_command" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_needs_command" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_needs_command" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_needs_command" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_needs_command" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_needs_command" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_needs_command" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ccx -n "__fish_ccx_needs_command" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "functions" -d 'Show each topology function: role, state, last update, runtime'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "mappings" -d 'Show event source mappings grouped by source; flag queues without exactly one consumer'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "queues" -d 'Show queue depths (visible, in flight, delayed) and dead-letter queues'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "map" -d 'Draw the pipeline: each queue and stream, its depth, its consumers and their states'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "dlq" -d 'Look into a queue\'s dead-letter queue, or send its messages back (SQS message move task)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "verify" -d 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "drift" -d 'Compare each queue\'s consumers with what the IaC declares (--iac or [iac]); exit 1 when they differ'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "guard" -d 'Run a deploy while watching every queue\'s consumers; report each moment with zero or two'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "tail" -d 'Follow one or more functions\' logs, merged in time order, markers highlighted'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "rollback" -d 'Switch each lines/words queue back to its fallback consumer (break before make)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "switch" -d 'Make FUNCTION the only enabled consumer of the topology queues (break before make)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "policy" -d 'Print the least-privilege IAM policy the commands need (JSON)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "config" -d 'Show or write the topology (functions, queues, streams, log markers)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c ccx -n "__fish_ccx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand functions" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand functions" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l all -d 'Every mapping in the account and region, not only the topology\'s sources'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand mappings" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l interval -d 'Time between readings under --watch (at least 200ms)' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l count -d 'Stop after this many readings under --watch (at least 1)' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s w -l watch -d 'Keep reading the depths, with the trend and a drain ETA, until Ctrl-C (redrawn in place on a terminal)'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand queues" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand map" -l interval -d 'Time between readings under --watch (at least 200ms)' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l count -d 'Stop after this many readings under --watch (at least 1)' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand map" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand map" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand map" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand map" -s w -l watch -d 'Redraw the map every --interval (in place on a terminal) until Ctrl-C'
complete -c ccx -n "__fish_ccx_using_subcommand map" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand map" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand map" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand map" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand map" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand map" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "show" -d 'Show QUEUE\'s dead-letter queue: depth, oldest message and up to --max messages, left in place'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "redrive" -d 'Move QUEUE\'s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l max -d 'Show at most this many messages (each look raises their receive count)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l max-per-second -d 'Move at most N messages a second (1-500) [default: SQS chooses]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l on-interrupt -d 'What Ctrl-C, SIGTERM or SIGHUP does to the running move task: ask (on a terminal; without one the task is left running), cancel it, or leave it running' -r -f -a "ask\t''
cancel\t''
leave\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l audit-log -d 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l dry-run -d 'Show the plan and stop; move nothing'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s y -l yes -d 'Start without asking (required when not on a terminal)'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l force -d 'Redrive even when QUEUE does not have exactly one healthy consumer'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show QUEUE\'s dead-letter queue: depth, oldest message and up to --max messages, left in place'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "redrive" -d 'Move QUEUE\'s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
complete -c ccx -n "__fish_ccx_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l since -d 'How far back to look in the logs and metrics (e.g. 15m, 1h)' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l wait -d 'Re-run until everything passes (or only stable warnings remain), up to DURATION' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l sample -d 'Read queue depths twice, DURATION apart, and warn about queues that do not drain' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l skip -d 'Leave a source out where the account does not offer it (repeatable): its reads are not made and its checks are reported as skipped, never as passes' -r -f -a "metrics\t'CloudWatch metrics (GetMetricData): the `metrics.*` checks'
logs\t'CloudWatch Logs searches (FilterLogEvents): the `logs.*` checks'
config\t'The consumer configuration checks (`config.*`)'
queues\t'The queue depth checks (`queues.*`)'"
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand verify" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l strict -d 'Treat warnings as failures (exit 1)'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l rolled-back -d 'Check the state `ccx rollback` leaves: each queue\'s fallback as its one consumer, the replaced consumer idle'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ccx -n "__fish_ccx_using_subcommand verify" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand drift" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand drift" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l interval -d 'Time between readings (at least 200ms); each costs one Lambda request per source' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l until-stable -d 'After the command ends, watch until the mappings have not changed for DURATION' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l skip -d 'Leave a source out of the final verify where the account does not offer it (repeatable, as `ccx verify --skip`): its reads are not made and its checks are reported as skipped' -r -f -a "metrics\t'CloudWatch metrics (GetMetricData): the `metrics.*` checks'
logs\t'CloudWatch Logs searches (FilterLogEvents): the `logs.*` checks'
config\t'The consumer configuration checks (`config.*`)'
queues\t'The queue depth checks (`queues.*`)'"
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand guard" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ccx -n "__fish_ccx_using_subcommand guard" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l since -d 'Start: a span back from now (30s, 15m, 2h, 1d) or an RFC 3339 time' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l until -d 'End, in the same forms as --since [default: now; with --follow: until Ctrl-C]' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l lookback -d 'With --follow: how late an event may reach CloudWatch (after its own timestamp) and still be shown [default: 2m]' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l filter -d 'CloudWatch filter pattern, applied by CloudWatch (e.g. `ERROR`, `"Merged"`)' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l stream -d 'Only the log streams whose names start with PREFIX, in every group (e.g. `2026/11/29/[$LATEST]`: one day\'s streams of one version)' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l streams -d 'With --list: how many streams per group, 1 to 50 [default: 5]' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l format -d 'Line layout (text output); detailed adds the stream and when CloudWatch ingested each event (with how late, when 10s or more)' -r -f -a "short\t'Time, source label (when there are several sources) and message (JSON-format lines as level and message)'
detailed\t'Adds the log stream name, and keeps JSON-format lines whole'"
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l request -d 'Only the invocation with this request id, with its lines (implies --by-request)' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s f -l follow -d 'Keep printing new events as they arrive, until Ctrl-C (or --until)'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l list -d 'List the NAMEs\' log groups and their most recent streams instead of events'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l by-request -d 'Each invocation as a block, in order of its start: a header (time, request id, outcome, duration, memory, cold start), then its lines'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l errors -d 'Only the invocations that failed, timed out, ran out of memory or failed to initialise, with their lines (implies --by-request)'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l local -d 'Text times in this machine\'s time zone (with its offset) [default: UTC, as `aws logs tail` prints them; JSON output is always UTC]'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l utc -d 'Text times in UTC (the default)'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ccx -n "__fish_ccx_using_subcommand tail" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l queue -d 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l timeout -d 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l lookback -d 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer\'s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l audit-log -d 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l dry-run -d 'Show the plan and stop; change nothing'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s y -l yes -d 'Apply without asking (required when not on a terminal)'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l create-missing -d 'Create the target\'s mapping where it has none, copying batch size, batching window, maximum concurrency, response types, event filters, metrics config and provisioned pollers from the mapping it replaces'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l no-drain -d 'Enable the target right after the old consumer\'s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function\'s timeout)'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l to -d 'The function to make the only enabled consumer: a topology key (`enhanced-compaction`) or a real function name' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l queue -d 'Only this topology queue (repeatable) [default: rollback: every queue with a fallback; switch: every queue whose consumer or fallback is the target]' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l timeout -d 'Bound of each wait: a mapping reaching Enabled/Disabled, the target function settling' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l lookback -d 'How late a log line may reach CloudWatch after its timestamp: the drain takes silence in the old consumer\'s logs as idle only once every line stamped before the disable has had that long to arrive (its metrics may tell sooner)' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l audit-log -d 'Append the audit record to this file [default: $XDG_STATE_HOME/ccx/audit.jsonl]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l force -d 'Switch a queue even to a function the topology names neither as its consumer nor as its fallback (refused otherwise)'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l dry-run -d 'Show the plan and stop; change nothing'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s y -l yes -d 'Apply without asking (required when not on a terminal)'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l create-missing -d 'Create the target\'s mapping where it has none, copying batch size, batching window, maximum concurrency, response types, event filters, metrics config and provisioned pollers from the mapping it replaces'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l no-drain -d 'Enable the target right after the old consumer\'s mapping reads Disabled, without waiting for the invocations it already started to end (both may then run together for up to the old function\'s timeout)'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand switch" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l for -d 'Which commands: `read` (look only), `switch` (read, rollback and switch) or `all`' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l command -d 'Only what this command needs (repeatable), e.g. `--command verify`' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l account -d 'Account ID in the resource ARNs [default: `*`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l log-group -d 'Also allow reading this log group (repeatable): for a function whose LoggingConfig sends its logs somewhere other than /aws/lambda/NAME' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand policy" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l markdown -d 'Print the permissions as a Markdown table (as in the README) instead of the policy document'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand policy" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "show" -d 'Print the effective topology (TOML, or JSON with --output json)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "init" -d 'Write the built-in topology to a file to edit'
complete -c ccx -n "__fish_ccx_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective topology (TOML, or JSON with --output json)'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write the built-in topology to a file to edit'
complete -c ccx -n "__fish_ccx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand man" -l profile -d 'AWS named profile (SSO profiles work too); several (repeated or comma-separated) read several accounts at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l region -d 'AWS region; several (repeated or comma-separated) read each region at once' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured by the SDK as well)' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l stack -d 'Stack whose resources to look at [default: the topology\'s stack, `dev`]; several (repeated or comma-separated) are read at once by verify, functions, mappings, queues and map' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l config -d 'Topology file [default: ./ccx.toml, then the user config dir]' -r -F
complete -c ccx -n "__fish_ccx_using_subcommand man" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c ccx -n "__fish_ccx_using_subcommand man" -l color -d 'When to use colour (NO_COLOR is honoured in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ccx -n "__fish_ccx_using_subcommand man" -l iac -d 'Where to read what the IaC declares: `pulumi:STACK`, `pulumi:EXPORT.json`, `terraform:FILE`, `opentofu:FILE`, `cloudformation:STACK` [default: the config\'s `[iac]`]' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l log-search-rate -d 'FilterLogEvents requests per second ccx may send (the account\'s quota, 5, is shared by everyone; lower it to leave room for others)' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l width -d 'Fit tables and text to this many columns (at least 40), on a terminal or not [default: the terminal\'s width; piped output is not fitted]' -r
complete -c ccx -n "__fish_ccx_using_subcommand man" -l all-stacks -d 'Every stack of the account: those ccx.toml\'s `stacks` names, or those the topology\'s name patterns find in each account and region'
complete -c ccx -n "__fish_ccx_using_subcommand man" -s q -l quiet -d 'Print less: only problems and errors'
complete -c ccx -n "__fish_ccx_using_subcommand man" -s v -l verbose -d 'Print more: every AWS call\'s context on errors, resolution details'
complete -c ccx -n "__fish_ccx_using_subcommand man" -l wide -d 'Show every resource name whole, however wide (tables and the map otherwise fit the terminal, shortening long names in the middle with `…`)'
complete -c ccx -n "__fish_ccx_using_subcommand man" -s h -l help -d 'Print help'
complete -c ccx -n "__fish_ccx_using_subcommand man" -s V -l version -d 'Print version'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "functions" -d 'Show each topology function: role, state, last update, runtime'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "mappings" -d 'Show event source mappings grouped by source; flag queues without exactly one consumer'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "queues" -d 'Show queue depths (visible, in flight, delayed) and dead-letter queues'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "map" -d 'Draw the pipeline: each queue and stream, its depth, its consumers and their states'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "dlq" -d 'Look into a queue\'s dead-letter queue, or send its messages back (SQS message move task)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "verify" -d 'Check the whole cutover: functions, one consumer per queue, configuration, queues, logs'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "drift" -d 'Compare each queue\'s consumers with what the IaC declares (--iac or [iac]); exit 1 when they differ'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "guard" -d 'Run a deploy while watching every queue\'s consumers; report each moment with zero or two'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "tail" -d 'Follow one or more functions\' logs, merged in time order, markers highlighted'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "rollback" -d 'Switch each lines/words queue back to its fallback consumer (break before make)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "switch" -d 'Make FUNCTION the only enabled consumer of the topology queues (break before make)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "policy" -d 'Print the least-privilege IAM policy the commands need (JSON)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "config" -d 'Show or write the topology (functions, queues, streams, log markers)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and not __fish_seen_subcommand_from functions mappings queues map dlq verify drift guard tail rollback switch policy config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'Show QUEUE\'s dead-letter queue: depth, oldest message and up to --max messages, left in place'
complete -c ccx -n "__fish_ccx_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "redrive" -d 'Move QUEUE\'s dead-letter messages back into QUEUE with an SQS message move task, only when QUEUE has exactly one healthy consumer'
complete -c ccx -n "__fish_ccx_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective topology (TOML, or JSON with --output json)'
complete -c ccx -n "__fish_ccx_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write the built-in topology to a file to edit'
