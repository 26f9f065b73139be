_oauth__triage() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="oauth__triage"
                ;;
            oauth__triage,check-redirect)
                cmd="oauth__triage__subcmd__check__subcmd__redirect"
                ;;
            oauth__triage,check-scopes)
                cmd="oauth__triage__subcmd__check__subcmd__scopes"
                ;;
            oauth__triage,completions)
                cmd="oauth__triage__subcmd__completions"
                ;;
            oauth__triage,diagnose)
                cmd="oauth__triage__subcmd__diagnose"
                ;;
            oauth__triage,export)
                cmd="oauth__triage__subcmd__export"
                ;;
            oauth__triage,help)
                cmd="oauth__triage__subcmd__help"
                ;;
            oauth__triage,list)
                cmd="oauth__triage__subcmd__list"
                ;;
            oauth__triage,paths)
                cmd="oauth__triage__subcmd__paths"
                ;;
            oauth__triage,redirect-uri)
                cmd="oauth__triage__subcmd__redirect__subcmd__uri"
                ;;
            oauth__triage,scan)
                cmd="oauth__triage__subcmd__scan"
                ;;
            oauth__triage,show)
                cmd="oauth__triage__subcmd__show"
                ;;
            oauth__triage,token)
                cmd="oauth__triage__subcmd__token"
                ;;
            oauth__triage,validate)
                cmd="oauth__triage__subcmd__validate"
                ;;
            oauth__triage__subcmd__help,check-redirect)
                cmd="oauth__triage__subcmd__help__subcmd__check__subcmd__redirect"
                ;;
            oauth__triage__subcmd__help,check-scopes)
                cmd="oauth__triage__subcmd__help__subcmd__check__subcmd__scopes"
                ;;
            oauth__triage__subcmd__help,completions)
                cmd="oauth__triage__subcmd__help__subcmd__completions"
                ;;
            oauth__triage__subcmd__help,diagnose)
                cmd="oauth__triage__subcmd__help__subcmd__diagnose"
                ;;
            oauth__triage__subcmd__help,export)
                cmd="oauth__triage__subcmd__help__subcmd__export"
                ;;
            oauth__triage__subcmd__help,help)
                cmd="oauth__triage__subcmd__help__subcmd__help"
                ;;
            oauth__triage__subcmd__help,list)
                cmd="oauth__triage__subcmd__help__subcmd__list"
                ;;
            oauth__triage__subcmd__help,paths)
                cmd="oauth__triage__subcmd__help__subcmd__paths"
                ;;
            oauth__triage__subcmd__help,redirect-uri)
                cmd="oauth__triage__subcmd__help__subcmd__redirect__subcmd__uri"
                ;;
            oauth__triage__subcmd__help,scan)
                cmd="oauth__triage__subcmd__help__subcmd__scan"
                ;;
            oauth__triage__subcmd__help,show)
                cmd="oauth__triage__subcmd__help__subcmd__show"
                ;;
            oauth__triage__subcmd__help,token)
                cmd="oauth__triage__subcmd__help__subcmd__token"
                ;;
            oauth__triage__subcmd__help,validate)
                cmd="oauth__triage__subcmd__help__subcmd__validate"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        oauth__triage)
            opts="-h -V --flows --config --server --error --plain --mouse --clipboard --theme --help --version diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --error)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --clipboard)
                    COMPREPLY=($(compgen -W "auto system osc52 tools tmux off" -- "${cur}"))
                    return 0
                    ;;
                --theme)
                    COMPREPLY=($(compgen -W "default mono high-contrast light" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__check__subcmd__redirect)
            opts="-h --server --registered --provider --json --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --registered)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__check__subcmd__scopes)
            opts="-h --provider --service-account --json --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__completions)
            opts="-h --flows --config --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__diagnose)
            opts="-h --json --explain --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__export)
            opts="-h --server --flows --config --help markdown"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help)
            opts="diagnose list show validate redirect-uri export paths check-redirect token check-scopes scan completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__check__subcmd__redirect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__check__subcmd__scopes)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__diagnose)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__export)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__paths)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__redirect__subcmd__uri)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__scan)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__token)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__help__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__list)
            opts="-h --json --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__paths)
            opts="-h --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__redirect__subcmd__uri)
            opts="-h --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__scan)
            opts="-h --json --since --until --follow --print --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --until)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__show)
            opts="-h --server --json --flows --config --help general/no-refresh-token general/github-oauth-app-no-refresh-token general/invalid-subject-token general/no-integration-associated general/no-oauth-session general/refresh-token-invalid general/not-service-account-flow general/not-viewer-flow general/not-visitor-api-key-flow general/multiple-integrations-audience general/not-on-connect general/viewer-creds-not-shiny general/creds-unsupported-version general/connect-env-missing general/validator-no-access-token general/start-login-directly general/unsupported-sharing general/viewer-integration-rendered general/integration-access-control general/no-integration-created general/connect-too-old azure/redirect-uri-mismatch azure/no-reply-address azure/invalid-client-secret azure/client-secret-expired azure/jwt-signature-mismatch azure/default-scope-mixed azure/service-account-scope azure/spa-platform azure/no-reply-address-provided azure/consent-required azure/admin-consent-required azure/consent-declined azure/user-not-assigned azure/external-user azure/mfa-required azure/conditional-access azure/app-not-found azure/tenant-not-found azure/single-tenant-common azure/multiple-resources azure/invalid-resource azure/scope-missing azure/resource-parameter azure/code-already-redeemed azure/pkce-mismatch azure/refresh-token-expired azure/session-revoked azure/client-secret-missing azure/public-client-secret azure/openai-permission-denied azure/setup-msgraph azure/setup-sharepoint azure/setup-azure-openai azure/setup-azure-databricks azure/resource-principal-not-found azure/scope-not-on-resource azure/missing-client-id azure/implicit-flow-not-enabled azure/openai-wrong-audience snowflake/redirect-uri-mismatch snowflake/no-refresh-token snowflake/blocked-role snowflake/invalid-scope snowflake/refresh-token-expired snowflake/session-token-missing snowflake/secret-rotated snowflake/setup-security-integration snowflake/access-token-expired snowflake/invalid-access-token snowflake/network-policy snowflake/role-not-in-token keycloak/invalid-client-login keycloak/invalid-client-refresh keycloak/invalid-redirect-uri keycloak/code-not-valid keycloak/code-expired keycloak/incorrect-redirect-uri keycloak/standard-flow-disabled keycloak/session-not-active keycloak/consent-withdrawn keycloak/token-not-active keycloak/offline-tokens-not-allowed keycloak/setup keycloak/session-not-active-refresh keycloak/stale-refresh-token keycloak/offline-session-not-found keycloak/session-missing-client keycloak/refresh-tokens-disabled okta/redirect-uri-mismatch okta/user-not-assigned okta/policy-evaluation-failed okta/scopes-not-configured okta/custom-scopes-org-server okta/invalid-client-secret okta/no-refresh-token okta/setup okta/refresh-token-invalid databricks/redirect-uri-mismatch databricks/changes-propagation databricks/no-refresh-token databricks/refresh-token-lifetime databricks/single-use-refresh-tokens databricks/connect-strategy-local databricks/setup databricks/app-not-available google/redirect-uri-mismatch google/access-denied google/invalid-client google/refresh-token-expired google/admin-policy-enforced google/org-internal google/setup google/setup-drive-sheets google/api-not-enabled github/redirect-uri-mismatch github/incorrect-client-credentials github/bad-verification-code github/bad-refresh-token github/app-permissions github/scheduled-content github/setup github/resource-not-accessible salesforce/redirect-uri-mismatch salesforce/app-blocked salesforce/invalid-client-id salesforce/refresh-token-expired salesforce/access-denied salesforce/setup salesforce/public-client salesforce/service-account salesforce/app-access-denied salesforce/session-expired salesforce/session-not-for-api salesforce/inactive-user salesforce/client-credentials-run-as aws/viewer-setup aws/service-account aws/credentials-token-type aws/no-oidc-provider aws/assume-role-denied connect/wrong-token-type connect/key-role connect/default-integration-removed connect/connectapi-version service-account/cannot-fetch service-account/no-content-session-token service-account/verify service-account/setup"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__token)
            opts="-h --expect-scope --json --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --expect-scope)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        oauth__subcmd__triage__subcmd__validate)
            opts="-h --stale --flows --config --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --stale)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --flows)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _oauth__triage -o nosort -o bashdefault -o default oauth-triage
else
    complete -F _oauth__triage -o bashdefault -o default oauth-triage
fi
