//! The machine's names and addresses: which `Host` headers name this
//! machine, and the addresses colleagues should use.

use std::net::{IpAddr, SocketAddr};

/// Every address of the machine's interfaces (loopback included).
pub(crate) fn interface_ips() -> Vec<IpAddr> {
    match if_addrs::get_if_addrs() {
        Ok(list) => list.into_iter().map(|i| i.ip()).collect(),
        Err(e) => {
            tracing::warn!("cannot list network interfaces: {e}");
            Vec::new()
        }
    }
}

/// The machine's host name, lower case.
pub(crate) fn host_name() -> Option<String> {
    gethostname::gethostname()
        .into_string()
        .ok()
        .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|n| !n.is_empty())
}

/// An IPv6 address colleagues cannot type without a zone (fe80::/10).
fn is_link_local_v6(ip: &IpAddr) -> bool {
    matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80)
}

/// `http://192.168.1.20:8470/`, `https://[fd00::5]:8470/`.
pub(crate) fn url(scheme: &str, ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{scheme}://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("{scheme}://[{v6}]:{port}/"),
    }
}

/// The addresses to tell colleagues: the bound address, or for an
/// unspecified bind (`0.0.0.0`, `::`) every non-loopback address of the
/// machine. A loopback bind answers its own address (only this machine can
/// use it).
pub(crate) fn urls(bound: SocketAddr, tls: bool) -> Vec<String> {
    let scheme = if tls { "https" } else { "http" };
    let mut ips: Vec<IpAddr> = if bound.ip().is_unspecified() {
        interface_ips()
            .into_iter()
            .filter(|ip| !ip.is_loopback() && !is_link_local_v6(ip))
            // `::` also accepts IPv4 on dual-stack systems; `0.0.0.0` only IPv4.
            .filter(|ip| bound.is_ipv6() || ip.is_ipv4())
            .collect()
    } else {
        vec![bound.ip()]
    };
    ips.sort_by_key(|ip| (ip.is_ipv6(), *ip));
    ips.dedup();
    ips.into_iter()
        .map(|ip| url(scheme, ip, bound.port()))
        .collect()
}

/// Split a `Host` header (or an origin's authority) into its lower-case
/// host and port: `Example.lan:8470` → (`example.lan`, 8470),
/// `[::1]:8470` → (`::1`, 8470).
pub(crate) fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim();
    if a.is_empty() || a.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse::<u16>().ok()?),
        };
        (inside.to_string(), port)
    } else {
        match a.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.parse::<u16>().ok()?)),
            None => (a.to_string(), None),
        }
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.contains(':') && host.parse::<IpAddr>().is_err() {
        return None;
    }
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_split_into_host_and_port() {
        assert_eq!(
            split_authority("Example.LAN:8470"),
            Some(("example.lan".into(), Some(8470)))
        );
        assert_eq!(
            split_authority("localhost"),
            Some(("localhost".into(), None))
        );
        assert_eq!(split_authority("[::1]:80"), Some(("::1".into(), Some(80))));
        assert_eq!(split_authority("[::1]"), Some(("::1".into(), None)));
        assert_eq!(split_authority("a.b:x"), None);
        assert_eq!(split_authority("user@host"), None);
        assert_eq!(split_authority("[zz]:1"), None);
        assert_eq!(split_authority(""), None);
    }

    #[test]
    fn a_bound_address_is_told_as_a_url() {
        let bound: SocketAddr = "127.0.0.1:8470".parse().unwrap();
        assert_eq!(urls(bound, false), vec!["http://127.0.0.1:8470/"]);
        let bound: SocketAddr = "[::1]:8470".parse().unwrap();
        assert_eq!(urls(bound, true), vec!["https://[::1]:8470/"]);
        let any: SocketAddr = "0.0.0.0:8470".parse().unwrap();
        assert!(
            urls(any, false)
                .iter()
                .all(|u| !u.contains("127.0.0.1") && !u.contains('['))
        );
    }
}
