//! The error a command ends with: the message zkCli prints on stderr and the exit code it
//! leaves (1 for most, 127 for an unknown command).

use zookeeper_client::Error as ZkError;

/// A failed command, as zkCli's `CliException`: its message and exit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub message: String,
    pub exit_code: i32,
}

impl CliError {
    /// A failure with exit code 1.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            exit_code: 1,
        }
    }

    /// An unknown command word (zkCli's `CommandNotFoundException`, exit code 127).
    pub fn command_not_found(name: &str) -> Self {
        CliError {
            message: format!("Command not found: Command not found {name}"),
            exit_code: 127,
        }
    }

    /// A server or session error on `path`, in the words of zkCli's `CliWrapperException`.
    pub fn from_zk(error: &ZkError, path: &str) -> Self {
        CliError::new(zk_message(error, Some(path)))
    }
}

/// What zkCli says about `error`: its own sentence for the common codes, otherwise the Java
/// client's `KeeperErrorCode = <code> for <path>`.
pub fn zk_message(error: &ZkError, path: Option<&str>) -> String {
    let path_or_null = path.unwrap_or("null");
    match error {
        ZkError::NoNode => format!("Node does not exist: {path_or_null}"),
        ZkError::NoChildrenForEphemerals => {
            format!("Ephemerals cannot have children: {path_or_null}")
        }
        ZkError::NodeExists => format!("Node already exists: {path_or_null}"),
        ZkError::NotEmpty => format!("Node not empty: {path_or_null}"),
        ZkError::NotReadOnly => format!("Not a read-only call: {path_or_null}"),
        ZkError::InvalidAcl => format!("Acl is not valid : {path_or_null}"),
        ZkError::NoAuth => format!("Insufficient permission : {path_or_null}"),
        ZkError::BadArguments(_) => format!("Arguments are not valid : {path_or_null}"),
        ZkError::BadVersion => format!("version No is not valid : {path_or_null}"),
        ZkError::QuotaExceeded => format!("Quota has exceeded : {path_or_null}"),
        other => keeper_error_code(other, path),
    }
}

/// The Java client's `KeeperException` message: `KeeperErrorCode = ConnectionLoss for /x`.
pub fn keeper_error_code(error: &ZkError, path: Option<&str>) -> String {
    let code = match error {
        ZkError::NoNode => "NoNode".to_string(),
        ZkError::NoAuth => "NoAuth".to_string(),
        ZkError::BadVersion => "BadVersion".to_string(),
        ZkError::NodeExists => "NodeExists".to_string(),
        ZkError::InvalidAcl => "InvalidACL".to_string(),
        ZkError::NotEmpty => "Directory not empty".to_string(),
        ZkError::NoChildrenForEphemerals => "NoChildrenForEphemerals".to_string(),
        ZkError::BadArguments(_) => "BadArguments".to_string(),
        ZkError::SessionExpired => "Session expired".to_string(),
        ZkError::AuthFailed => "AuthFailed".to_string(),
        ZkError::SessionMoved => "Session moved".to_string(),
        ZkError::NotReadOnly => "Not a read-only call".to_string(),
        ZkError::NoWatcher => "No such watcher".to_string(),
        ZkError::QuotaExceeded => "Quota has exceeded".to_string(),
        ZkError::Throttled => "Op throttled due to high load".to_string(),
        ZkError::MarshallingError => "MarshallingError".to_string(),
        ZkError::Unimplemented => "Unimplemented".to_string(),
        ZkError::ReconfigDisabled => "Reconfig is disabled".to_string(),
        ZkError::RuntimeInconsistent => "RuntimeInconsistency".to_string(),
        ZkError::ConnectionLoss | ZkError::NoHosts | ZkError::Timeout | ZkError::ClientClosed => {
            "ConnectionLoss".to_string()
        }
        ZkError::UnexpectedErrorCode(code) => format!("Unknown error {code}"),
        other => other.to_string(),
    };
    match path {
        Some(p) => format!("KeeperErrorCode = {code} for {p}"),
        None => format!("KeeperErrorCode = {code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_codes_read_as_zkcli_says_them() {
        assert_eq!(
            zk_message(&ZkError::NoNode, Some("/x")),
            "Node does not exist: /x"
        );
        assert_eq!(
            zk_message(&ZkError::NotEmpty, Some("/x")),
            "Node not empty: /x"
        );
        assert_eq!(
            zk_message(&ZkError::BadVersion, Some("/x")),
            "version No is not valid : /x"
        );
        assert_eq!(
            zk_message(&ZkError::ConnectionLoss, Some("/x")),
            "KeeperErrorCode = ConnectionLoss for /x"
        );
        assert_eq!(
            keeper_error_code(&ZkError::InvalidAcl, None),
            "KeeperErrorCode = InvalidACL"
        );
    }
}
