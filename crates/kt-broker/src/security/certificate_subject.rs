//! The subject of a client's TLS certificate as Kafka prints it: Java's
//! `X500Principal.getName()` (RFC 2253) — the RDNs last first, `CN`, `OU`, `O`, `L`, `ST`,
//! `C`, `STREET`, `DC`, `UID` by name and other attributes as dotted OIDs with `#` and the hex
//! of their DER value, with `,+"\<>;` escaped.
//!
//! Only the certificate's `subject` is read, by walking its DER structure (TBSCertificate's
//! sixth field); the certificate itself has already been verified by rustls.

/// Why a certificate's subject could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unreadable client certificate: {0}")]
pub struct SubjectError(&'static str);

/// One DER element: its tag, its content, and all of its bytes.
struct Element<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
}

/// Reads the DER element at the start of `input`; returns it and what follows.
fn element(input: &[u8]) -> Result<(Element<'_>, &[u8]), SubjectError> {
    let short = SubjectError("truncated DER");
    let (&tag, rest) = input.split_first().ok_or(short.clone())?;
    let (&first, rest) = rest.split_first().ok_or(short.clone())?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let count = (first & 0x7f) as usize;
        if count == 0 || count > 4 || rest.len() < count {
            return Err(SubjectError("bad DER length"));
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[count..])
    };
    if rest.len() < len {
        return Err(short);
    }
    let header = input.len() - rest.len();
    Ok((
        Element {
            tag,
            content: &rest[..len],
            whole: &input[..header + len],
        },
        &rest[len..],
    ))
}

impl Clone for SubjectError {
    fn clone(&self) -> Self {
        SubjectError(self.0)
    }
}

/// The elements inside a constructed element's content.
fn children(content: &[u8]) -> Result<Vec<Element<'_>>, SubjectError> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (e, tail) = element(rest)?;
        out.push(e);
        rest = tail;
    }
    Ok(out)
}

/// The subject distinguished name of a DER certificate, as Kafka prints it.
pub fn subject_dn(certificate: &[u8]) -> Result<String, SubjectError> {
    let (cert, _) = element(certificate)?;
    let fields = children(cert.content)?;
    let tbs = fields.first().ok_or(SubjectError("no TBSCertificate"))?;
    let tbs_fields = children(tbs.content)?;
    // An explicit version ([0]) comes first when present.
    let skip = usize::from(tbs_fields.first().is_some_and(|f| f.tag == 0xa0));
    // serialNumber, signature, issuer, validity, subject.
    let subject = tbs_fields.get(skip + 4).ok_or(SubjectError("no subject"))?;
    let mut rdns = Vec::new();
    for set in children(subject.content)? {
        let mut parts = Vec::new();
        for attribute in children(set.content)? {
            let pair = children(attribute.content)?;
            let (oid, value) = match pair.as_slice() {
                [oid, value] if oid.tag == 0x06 => (oid, value),
                _ => return Err(SubjectError("bad attribute")),
            };
            parts.push(attribute_text(oid.content, value));
        }
        rdns.push(parts.join("+"));
    }
    rdns.reverse();
    Ok(rdns.join(","))
}

fn attribute_text(oid: &[u8], value: &Element<'_>) -> String {
    let name = match oid {
        [0x55, 0x04, 0x03] => Some("CN"),
        [0x55, 0x04, 0x07] => Some("L"),
        [0x55, 0x04, 0x08] => Some("ST"),
        [0x55, 0x04, 0x0a] => Some("O"),
        [0x55, 0x04, 0x0b] => Some("OU"),
        [0x55, 0x04, 0x06] => Some("C"),
        [0x55, 0x04, 0x09] => Some("STREET"),
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19] => Some("DC"),
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01] => Some("UID"),
        _ => None,
    };
    // String types Java decodes: UTF8String, PrintableString, IA5String, TeletexString (as
    // Latin-1), BMPString (UTF-16).
    let text = match value.tag {
        0x0c | 0x13 | 0x16 => std::str::from_utf8(value.content).ok().map(str::to_string),
        0x14 => Some(value.content.iter().map(|b| *b as char).collect()),
        0x1e => {
            let units: Vec<u16> = value
                .content
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    };
    match (name, text) {
        (Some(name), Some(text)) => format!("{name}={}", escape(&text)),
        _ => {
            let hex: String = value.whole.iter().map(|b| format!("{b:02x}")).collect();
            format!("{}=#{hex}", dotted(oid))
        }
    }
}

/// RFC 2253 escaping: `,+"\<>;` anywhere, `#` or a space first, a space last.
fn escape(text: &str) -> String {
    let mut out = String::new();
    let count = text.chars().count();
    for (i, c) in text.chars().enumerate() {
        let special = ",+\"\\<>;".contains(c)
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == count && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn dotted(oid: &[u8]) -> String {
    let mut parts = Vec::new();
    let mut value: u64 = 0;
    for (i, b) in oid.iter().enumerate() {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() && i < oid.len() {
                let first = (value / 40).min(2);
                parts.push(first.to_string());
                parts.push((value - first * 40).to_string());
            } else {
                parts.push(value.to_string());
            }
            value = 0;
        }
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_reads_as_java_prints_it() {
        let mut params = rcgen::CertificateParams::new(vec!["client".to_string()]).unwrap();
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::CountryName, "US");
        dn.push(rcgen::DnType::OrganizationName, "Acme, Inc.");
        dn.push(rcgen::DnType::OrganizationalUnitName, "Eng");
        dn.push(rcgen::DnType::CommonName, "client");
        params.distinguished_name = dn;
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        assert_eq!(
            subject_dn(cert.der()).unwrap(),
            "CN=client,OU=Eng,O=Acme\\, Inc.,C=US"
        );
        assert!(subject_dn(&cert.der()[..20]).is_err());
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]),
            "1.2.840.113549"
        );
    }
}
