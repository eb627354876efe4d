//! `kt delegation-tokens`: kafka-delegation-tokens.sh (DelegationTokenCommand). Creates,
//! renews, expires and describes delegation tokens through the broker's token APIs, printing
//! Kafka's lines and table. The brokers accept these requests only on an authenticated
//! connection (SASL, or SSL with a client certificate): `--command-config` carries the
//! client's security properties.
//!
//! One difference from Kafka 3.9's tool: `--describe` without `--owner-principal` asks for
//! every token the user may see, as the option's help says and the tool did before its Java
//! rewrite (3.5); the rewrite sends an empty owner list, which brokers answer with no token.

use std::io::Write;
use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::delegation_tokens::{Principal, TokenAdmin, TokenAdminError, TokenDescription};

const TOOL: &str = "delegation-tokens";

/// Flags of `kt delegation-tokens`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to create, renew, expire, or describe delegation tokens.",
    after_help = "Token operations need an authenticated connection (SASL_PLAINTEXT, SASL_SSL, \
                  or SSL with a client certificate), configured in the --command-config file.\n\n\
                  Examples:\n  \
                  kt delegation-tokens --bootstrap-server localhost:9092 --command-config \
                  client.properties --create --max-life-time-period -1 --renewer-principal User:bob\n  \
                  kt delegation-tokens --bootstrap-server localhost:9092 --command-config \
                  client.properties --describe\n  \
                  kt delegation-tokens --bootstrap-server localhost:9092 --command-config \
                  client.properties --renew --renew-time-period -1 --hmac HMAC\n  \
                  kafka-delegation-tokens.sh --bootstrap-server localhost:9092 --command-config \
                  client.properties --expire --expiry-time-period -1 --hmac HMAC\n\n\
                  A client then authenticates with the token through SCRAM: user the token id, \
                  password the HMAC, and tokenauth=\"true\" in its sasl.jaas.config."
)]
pub struct DelegationTokensArgs {
    /// REQUIRED: server(s) to use for bootstrapping.
    #[arg(long, value_name = "String")]
    pub bootstrap_server: Option<String>,
    /// REQUIRED: A property file containing configs to be passed to Admin Client. Token
    /// management operations are allowed in secure mode only. This config file is used to pass
    /// security related configs.
    #[arg(long, value_name = "String")]
    pub command_config: Option<PathBuf>,
    /// Create a new delegation token. Use --renewer-principal option to pass renewer principals.
    #[arg(long)]
    pub create: bool,
    /// Renew delegation token. Use --renew-time-period option to set renew time period.
    #[arg(long)]
    pub renew: bool,
    /// Expire delegation token. Use --expiry-time-period option to expire the token.
    #[arg(long)]
    pub expire: bool,
    /// Describe delegation tokens for the given principals. Use --owner-principal to pass
    /// owner/renewer principals. If --owner-principal option is not supplied, all the
    /// user-owned tokens and tokens where the user has Describe permissions will be returned.
    #[arg(long)]
    pub describe: bool,
    /// owner is a Kafka principal. They should be in principalType:name format.
    #[arg(long, value_name = "String")]
    pub owner_principal: Vec<String>,
    /// renewer is a Kafka principal. They should be in principalType:name format.
    #[arg(long, value_name = "String")]
    pub renewer_principal: Vec<String>,
    /// Max life period for the token in milliseconds. If the value is -1, then token max life
    /// time will default to the server side config value of (delegation.token.max.lifetime.ms).
    #[arg(long, value_name = "Long", allow_hyphen_values = true)]
    pub max_life_time_period: Option<i64>,
    /// Renew time period in milliseconds. If the value is -1, then the renew time period will
    /// default to the server side config value of (delegation.token.expiry.time.ms).
    #[arg(long, value_name = "Long", allow_hyphen_values = true)]
    pub renew_time_period: Option<i64>,
    /// Expiry time period in milliseconds. If the value is -1, then the token will get
    /// invalidated immediately.
    #[arg(long, value_name = "Long", allow_hyphen_values = true)]
    pub expiry_time_period: Option<i64>,
    /// HMAC of the delegation token
    #[arg(long, value_name = "String")]
    pub hmac: Option<String>,
}

/// The flags' checks of DelegationTokenCommandOptions, in its order.
fn check_args(args: &DelegationTokensArgs) -> Result<(), UsageError> {
    let actions = [args.create, args.renew, args.expire, args.describe];
    if actions.iter().filter(|a| **a).count() != 1 {
        return Err(UsageError::new(
            "Command must include exactly one action: --create, --renew, --expire or --describe",
        ));
    }
    let missing = |name: &str| UsageError::new(format!("Missing required argument \"[{name}]\""));
    if args.bootstrap_server.is_none() {
        return Err(missing("bootstrap-server"));
    }
    if args.command_config.is_none() {
        return Err(missing("command-config"));
    }
    if args.create && args.max_life_time_period.is_none() {
        return Err(missing("max-life-time-period"));
    }
    if args.renew || args.expire {
        if args.hmac.is_none() {
            return Err(missing("hmac"));
        }
        if args.renew && args.renew_time_period.is_none() {
            return Err(missing("renew-time-period"));
        }
        if args.expire && args.expiry_time_period.is_none() {
            return Err(missing("expiry-time-period"));
        }
    }
    let given = [
        ("hmac", args.hmac.is_some()),
        ("renew-time-period", args.renew_time_period.is_some()),
        ("expiry-time-period", args.expiry_time_period.is_some()),
        ("renewer-principal", !args.renewer_principal.is_empty()),
        ("max-life-time-period", args.max_life_time_period.is_some()),
        ("owner-principal", !args.owner_principal.is_empty()),
    ];
    let (action, invalid): (&str, &[&str]) = if args.create {
        (
            "create",
            &["hmac", "renew-time-period", "expiry-time-period"],
        )
    } else if args.renew {
        (
            "renew",
            &[
                "renewer-principal",
                "max-life-time-period",
                "expiry-time-period",
                "owner-principal",
            ],
        )
    } else if args.expire {
        (
            "expire",
            &[
                "max-life-time-period",
                "renew-time-period",
                "owner-principal",
            ],
        )
    } else {
        (
            "describe",
            &[
                "renew-time-period",
                "max-life-time-period",
                "hmac",
                "expiry-time-period",
            ],
        )
    };
    for (name, present) in given {
        if present && invalid.contains(&name) {
            return Err(UsageError::new(format!(
                "Option \"[{action}]\" can't be used with option \"[{name}]\""
            )));
        }
    }
    Ok(())
}

/// Kafka's `SecurityUtils.parseKafkaPrincipal`.
fn parse_principal(text: &str) -> Result<Principal, String> {
    let text = text.trim();
    match text.split_once(':') {
        Some((kind, name)) if !kind.is_empty() && !name.is_empty() => {
            Ok((kind.to_string(), name.to_string()))
        }
        _ => Err(format!(
            "expected a string in format principalType:principalName but got {text}"
        )),
    }
}

/// Java's `List.toString` of principals: `[User:a, User:b]`.
fn principal_list(principals: &[Principal]) -> String {
    let names: Vec<String> = principals.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    format!("[{}]", names.join(", "))
}

/// `SimpleDateFormat("yyyy-MM-dd'T'HH:mm")` in the local time zone.
fn date(ms: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_else(|| ms.to_string())
}

/// DelegationTokenCommand's `printToken`: a blank line before the header and each row.
fn print_tokens(out: &mut impl Write, tokens: &[TokenDescription]) -> std::io::Result<()> {
    write!(
        out,
        "\n{:<15} {:<30} {:<15} {:<15} {:<25} {:<15} {:<15} {:<15}\n",
        "TOKENID", "HMAC", "OWNER", "REQUESTER", "RENEWERS", "ISSUEDATE", "EXPIRYDATE", "MAXDATE"
    )?;
    for t in tokens {
        write!(
            out,
            "\n{:<15} {:<30} {:<15} {:<15} {:<25} {:<15} {:<15} {:<15}\n",
            t.token_id,
            B64.encode(&t.hmac),
            format!("{}:{}", t.owner.0, t.owner.1),
            format!("{}:{}", t.requester.0, t.requester.1),
            principal_list(&t.renewers),
            date(t.issue_timestamp),
            date(t.expiry_timestamp),
            date(t.max_timestamp)
        )?;
    }
    Ok(())
}

/// Why the command failed after its flags were accepted: the exception's message, then the
/// first line of the stack trace Kafka's tool prints after it.
struct Failure {
    message: String,
    trace: String,
}

impl Failure {
    fn new(class: &str, message: String) -> Self {
        Failure {
            trace: format!("{class}: {message}"),
            message,
        }
    }
}

impl From<TokenAdminError> for Failure {
    fn from(e: TokenAdminError) -> Self {
        match e {
            // The admin client's future fails with the broker's exception inside.
            TokenAdminError::Broker(_) => {
                Failure::new("java.util.concurrent.ExecutionException", e.to_string())
            }
            TokenAdminError::Wire(w) => Failure::new(
                "java.util.concurrent.ExecutionException",
                format!("org.apache.kafka.common.errors.TimeoutException: {w}"),
            ),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::new("java.io.IOException", e.to_string())
    }
}

/// Runs `kt delegation-tokens` and returns the exit code.
pub fn run(args: DelegationTokensArgs) -> i32 {
    if let Err(e) = check_args(&args) {
        return e.report(TOOL);
    }
    let result = (|| -> Result<(), Failure> {
        let path = args.command_config.as_ref().expect("checked");
        let properties = load_properties(path).map_err(|e| {
            if !path.exists() {
                Failure::new(
                    "java.nio.file.NoSuchFileException",
                    path.display().to_string(),
                )
            } else {
                Failure::new("java.io.IOException", format!("{e:#}"))
            }
        })?;
        let principals = |texts: &[String]| -> Result<Vec<Principal>, Failure> {
            texts
                .iter()
                .map(|t| {
                    parse_principal(t)
                        .map_err(|m| Failure::new("java.lang.IllegalArgumentException", m))
                })
                .collect()
        };
        let renewers = principals(&args.renewer_principal)?;
        let owners = principals(&args.owner_principal)?;
        let hmac = match &args.hmac {
            None => Vec::new(),
            Some(text) => B64
                .decode(text.trim())
                .map_err(|e| Failure::new("java.lang.IllegalArgumentException", format!("{e}")))?,
        };
        let runtime =
            super::runtime().map_err(|e| Failure::new("java.lang.Exception", e.to_string()))?;
        let bootstrap = args.bootstrap_server.as_deref().expect("checked");
        let mut out = super::output::stdout();
        runtime.block_on(async {
            if args.create {
                let max = args.max_life_time_period.expect("checked");
                writeln!(
                    out,
                    "Calling create token operation with renewers :{} , max-life-time-period :{max}",
                    principal_list(&renewers)
                )?;
                out.flush()?;
                let mut admin = TokenAdmin::connect(bootstrap, &properties).await?;
                let token = admin.create(owners.first(), &renewers, max).await?;
                writeln!(
                    out,
                    "Created delegation token with tokenId : {}",
                    token.token_id
                )?;
                print_tokens(&mut out, &[token])?;
            } else if args.renew {
                let period = args.renew_time_period.expect("checked");
                writeln!(
                    out,
                    "Calling renew token operation with hmac :{} , renew-time-period :{period}",
                    args.hmac.as_deref().unwrap_or_default()
                )?;
                out.flush()?;
                let mut admin = TokenAdmin::connect(bootstrap, &properties).await?;
                let expiry = admin.renew(&hmac, period).await?;
                write!(
                    out,
                    "Completed renew operation. New expiry date : {}",
                    date(expiry)
                )?;
            } else if args.expire {
                let period = args.expiry_time_period.expect("checked");
                writeln!(
                    out,
                    "Calling expire token operation with hmac :{} , expire-time-period :{period}",
                    args.hmac.as_deref().unwrap_or_default()
                )?;
                out.flush()?;
                let mut admin = TokenAdmin::connect(bootstrap, &properties).await?;
                let expiry = admin.expire(&hmac, period).await?;
                write!(
                    out,
                    "Completed expire operation. New expiry date : {}",
                    date(expiry)
                )?;
            } else {
                if owners.is_empty() {
                    writeln!(out, "Calling describe token operation for current user.")?;
                } else {
                    writeln!(
                        out,
                        "Calling describe token operation for owners: {}",
                        principal_list(&owners)
                    )?;
                }
                out.flush()?;
                let mut admin = TokenAdmin::connect(bootstrap, &properties).await?;
                let wanted = (!owners.is_empty()).then_some(owners.as_slice());
                let tokens = admin.describe(wanted).await?;
                write!(out, "Total number of tokens : {}", tokens.len())?;
                print_tokens(&mut out, &tokens)?;
            }
            out.flush()?;
            Ok::<(), Failure>(())
        })
    })();
    match result {
        Ok(()) => 0,
        Err(failure) => {
            let _ = std::io::stdout().flush();
            eprintln!("{}", failure.message);
            eprintln!("{}", failure.trace);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: DelegationTokensArgs,
    }

    fn check(line: &[&str]) -> Result<(), String> {
        let mut argv = vec!["kt"];
        argv.extend_from_slice(line);
        let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
        check_args(&cli.args).map_err(|e| e.message().to_string())
    }

    #[test]
    fn flags_are_checked_as_kafka_does() {
        let base = ["--bootstrap-server", "b:9092", "--command-config", "c"];
        let with = |more: &[&'static str]| {
            let mut v = base.to_vec();
            v.extend_from_slice(more);
            check(&v)
        };
        assert_eq!(
            with(&[]).unwrap_err(),
            "Command must include exactly one action: --create, --renew, --expire or --describe"
        );
        assert_eq!(
            with(&["--create", "--describe"]).unwrap_err(),
            "Command must include exactly one action: --create, --renew, --expire or --describe"
        );
        assert_eq!(
            check(&["--describe", "--bootstrap-server", "b:9092"]).unwrap_err(),
            "Missing required argument \"[command-config]\""
        );
        assert_eq!(
            with(&["--create"]).unwrap_err(),
            "Missing required argument \"[max-life-time-period]\""
        );
        assert!(with(&["--create", "--max-life-time-period", "-1"]).is_ok());
        assert_eq!(
            with(&["--renew", "--renew-time-period", "-1"]).unwrap_err(),
            "Missing required argument \"[hmac]\""
        );
        assert_eq!(
            with(&[
                "--expire",
                "--hmac",
                "x",
                "--expiry-time-period",
                "-1",
                "--owner-principal",
                "User:a"
            ])
            .unwrap_err(),
            "Option \"[expire]\" can't be used with option \"[owner-principal]\""
        );
        assert_eq!(
            with(&["--describe", "--hmac", "x"]).unwrap_err(),
            "Option \"[describe]\" can't be used with option \"[hmac]\""
        );
        assert!(with(&["--describe", "--owner-principal", "User:a"]).is_ok());
    }

    #[test]
    fn the_table_is_kafkas() {
        let token = TokenDescription {
            token_id: "tid".into(),
            hmac: vec![1, 2, 3],
            owner: ("User".into(), "alice".into()),
            requester: ("User".into(), "alice".into()),
            renewers: vec![("User".into(), "bob".into())],
            issue_timestamp: 0,
            expiry_timestamp: 0,
            max_timestamp: 0,
        };
        let mut out = Vec::new();
        print_tokens(&mut out, &[token]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "");
        assert_eq!(
            lines[1],
            "TOKENID         HMAC                           OWNER           REQUESTER       \
             RENEWERS                  ISSUEDATE       EXPIRYDATE      MAXDATE        "
        );
        assert_eq!(lines[2], "");
        assert!(
            lines[3].starts_with(
                "tid             AQID                           User:alice      User:alice      \
                 [User:bob]                "
            ),
            "{}",
            lines[3]
        );
        assert_eq!(
            parse_principal("User:a:b"),
            Ok(("User".into(), "a:b".into()))
        );
        assert!(parse_principal("alice").is_err());
    }
}
