//! The principal of a TLS connection: with a client certificate (`ssl.client.auth=required`
//! or `requested`), the certificate's subject as Kafka prints it, mapped by the listener's
//! `ssl.principal.mapping.rules`; without one, `User:ANONYMOUS`.

use rustls::ServerConnection;

use super::certificate_subject::subject_dn;
use super::principal_mapping::PrincipalMapper;
use super::KafkaPrincipal;

/// Who the client of `connection` is, or why its certificate names no one (the connection
/// is then refused, as Kafka refuses it).
pub fn principal_of(
    connection: &ServerConnection,
    mapper: &PrincipalMapper,
) -> Result<KafkaPrincipal, String> {
    let Some(certificate) = connection.peer_certificates().and_then(|c| c.first()) else {
        return Ok(KafkaPrincipal::anonymous());
    };
    let dn = subject_dn(certificate).map_err(|e| e.to_string())?;
    mapper
        .map(&dn)
        .map(KafkaPrincipal::user)
        .map_err(|e| e.to_string())
}
