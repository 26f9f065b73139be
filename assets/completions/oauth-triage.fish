# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_oauth_triage_global_optspecs
    string join \n flows= config= server= error= plain mouse clipboard= theme= h/help V/version
end

function __fish_oauth_triage_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_oauth_triage_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_oauth_triage_using_subcommand
    set -l cmd (__fish_oauth_triage_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l server -d 'The customer\'s Connect address; fills in every redirect URI' -r
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l error -d 'Open straight on the diagnosis of this error text' -r
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l clipboard -d 'How to copy, instead of the config file\'s `clipboard`: auto tries each route in turn' -r -f -a "auto\t''
system\t''
osc52\t''
tools\t''
tmux\t'`tmux load-buffer -w -`: a tmux buffer, passed on to the terminal\'s clipboard by tmux'
off\t''"
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l theme -d 'Colours, instead of the config file\'s `theme` (and of NO_COLOR\'s mono)' -r -f -a "default\t'The terminal\'s own colours with a few accents; readable on dark and light backgrounds'
mono\t'No colour at all: reverse video and markers only (also what NO_COLOR gives)'
high-contrast\t'Bold accents for projectors and screenshares'
light\t'Dark colours chosen for light backgrounds (each passes WCAG AA contrast on white)'"
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l plain -d 'Numbered menus on stdout, answers on stdin: for screen readers, TERM=dumb and tickets'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -l mouse -d 'Capture the mouse (turns off the terminal\'s own text selection)'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -s V -l version -d 'Print version'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "diagnose" -d 'Match pasted error text (TEXT, or stdin) against every known problem'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "list" -d 'List every fix'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "show" -d 'Show one fix with its values filled in for a Connect server'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "validate" -d 'Check flow files; prints file:line:col: message per problem'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "redirect-uri" -d 'Print the redirect (callback) URI for a Connect address'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "export" -d 'Export the whole knowledge base'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "paths" -d 'Show the config file and flow directories in use, and where each came from'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "check-redirect" -d 'Compare Connect\'s callback with the redirect URIs a provider has registered'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "token" -d 'Decode a JWT (without verifying it) and flag what matters for Connect'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "check-scopes" -d 'Check an integration\'s scope list for a provider'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "scan" -d 'Find OAuth errors in whole logs, directories or `.gz` files (stdin when none), grouped by fix. Exit 0 nothing found, 1 findings, 2 bad input'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c oauth-triage -n "__fish_oauth_triage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand diagnose" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand diagnose" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand diagnose" -l json -d 'Print `{"matches":[{"id","title","score"}, …], "outcome": …}`, best first'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand diagnose" -l explain -d 'Show the evidence behind the best candidates, even those below the threshold (for flow authors)'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand diagnose" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand list" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand list" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand list" -l json -d 'Print `{"fixes":[{"id","provider","title","source"}, …]}`'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand list" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand show" -l server -d 'The Connect address to fill in (overrides CONNECT_SERVER and the config file)' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand show" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand show" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand show" -l json
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand show" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand validate" -l stale -d 'Also list the fixes whose `checked` date is more than MONTHS months ago, and exit with status 1 when there is any (format problems still exit with 2)' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand validate" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand validate" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand validate" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand redirect-uri" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand redirect-uri" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand redirect-uri" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand export" -l server -d 'Fill in values for this Connect address instead of placeholders' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand export" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand export" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand export" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand paths" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand paths" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand paths" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l server -d 'The Connect address' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l registered -d 'A redirect URI registered at the provider (repeatable), or a pasted authorize URL' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l provider -d 'The provider the URIs are registered at (azure, okta, keycloak, snowflake, google, github, databricks, salesforce, or another whose flow names a redirect fix), to point at its fix. An authorize URL names it anyway' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -l json -d 'Print the report as JSON, with an "ok" flag'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-redirect" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand token" -l expect-scope -d 'A scope the token should grant (repeatable); `<resource>/.default` checks the audience' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand token" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand token" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand token" -l json -d 'Print the report as JSON, with an "ok" flag'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand token" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -l provider -d 'The provider or template (azure, snowflake, okta, …)' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -l service-account -d 'The integration is a Service Account (client credentials) one, not Viewer'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -l json -d 'Print the report as JSON, with an "ok" flag'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand check-scopes" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l since -d 'Only events at or after this time (RFC 3339, or a date: its start, UTC)' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l until -d 'Only events at or before this time (RFC 3339, or a date: its end, UTC)' -r
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l json -d 'Print the report as JSON (the schema is in the README)'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l follow -d 'Keep reading the files as they grow (like `tail -f`) and print findings as they appear'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -l print -d 'Print the summary even on a terminal, instead of opening the findings in the guide'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand scan" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand completions" -l flows -d 'Extra flow directory (or file); a provider with the same id replaces the built-in one. May be given several times' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand completions" -l config -d 'Config file to use instead of the default one' -r -F
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand completions" -s h -l help -d 'Print help'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "diagnose" -d 'Match pasted error text (TEXT, or stdin) against every known problem'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "list" -d 'List every fix'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "show" -d 'Show one fix with its values filled in for a Connect server'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "validate" -d 'Check flow files; prints file:line:col: message per problem'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "redirect-uri" -d 'Print the redirect (callback) URI for a Connect address'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "export" -d 'Export the whole knowledge base'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "paths" -d 'Show the config file and flow directories in use, and where each came from'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "check-redirect" -d 'Compare Connect\'s callback with the redirect URIs a provider has registered'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "token" -d 'Decode a JWT (without verifying it) and flag what matters for Connect'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "check-scopes" -d 'Check an integration\'s scope list for a provider'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "scan" -d 'Find OAuth errors in whole logs, directories or `.gz` files (stdin when none), grouped by fix. Exit 0 nothing found, 1 findings, 2 bad input'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "completions" -d 'Print shell completions'
complete -c oauth-triage -n "__fish_oauth_triage_using_subcommand help; and not __fish_seen_subcommand_from diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
