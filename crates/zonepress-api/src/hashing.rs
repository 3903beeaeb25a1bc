//! Argon2id with memory that is allocated once and reused.
//!
//! Each hash needs about 19 MiB of working memory. Allocated and freed per
//! sign-in (as `Argon2::hash_password` does), glibc keeps those blocks in
//! its per-thread heaps and fragments them: a burst of 200 sign-ins over a
//! pool of worker threads left a server at 2.8 GB resident. With
//! [`crate::auth::MAX_HASHING`] hashes at a time, that many buffers are
//! enough; they are kept for the life of the process.

use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};

/// Working memories not in use.
static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Run `f` with `blocks` blocks of working memory from the spares.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let spare = SPARE.lock().unwrap_or_else(|p| p.into_inner()).pop();
    let mut memory = match spare {
        Some(m) if m.len() >= blocks => m,
        _ => vec![Block::default(); blocks],
    };
    let out = f(&mut memory[..blocks]);
    let mut spares = SPARE.lock().unwrap_or_else(|p| p.into_inner());
    if spares.len() < crate::auth::MAX_HASHING {
        spares.push(memory);
    }
    out
}

/// Argon2id (default parameters) of `password` with `salt`, as a PHC string.
pub(crate) fn hash(password: &[u8], salt: &SaltString) -> argon2::password_hash::Result<String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::default(), params.clone());
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf)?;
    let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = Output::init_with(len, |out| {
        with_memory(params.block_count(), |memory| {
            argon.hash_password_into_with_memory(password, salt_bytes, out, memory)
        })
        .map_err(Into::into)
    })?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

/// Does `password` match the PHC string `phc` (compared in constant time)?
pub(crate) fn verify(password: &[u8], phc: &str) -> bool {
    let check = || -> argon2::password_hash::Result<bool> {
        let parsed = PasswordHash::new(phc)?;
        let expected = parsed.hash.ok_or(argon2::password_hash::Error::Password)?;
        let salt = parsed.salt.ok_or(argon2::password_hash::Error::Password)?;
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        let argon = Argon2::new(algorithm, version, params.clone());
        let mut salt_buf = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_buf)?;
        let found = Output::init_with(expected.len(), |out| {
            with_memory(params.block_count(), |memory| {
                argon.hash_password_into_with_memory(password, salt_bytes, out, memory)
            })
            .map_err(Into::into)
        })?;
        Ok(found == expected)
    };
    check().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[test]
    fn hashes_are_standard_argon2id_and_verify_both_ways() {
        let salt = SaltString::encode_b64(b"sixteen-byte-salt").unwrap();
        let phc = hash(b"a-long-password", &salt).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify(b"a-long-password", &phc));
        assert!(!verify(b"a-long-passwore", &phc));
        assert!(!verify(b"a-long-password", "not a hash"));
        // The argon2 crate agrees, and we verify what it made.
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"a-long-password", &parsed)
                .is_ok()
        );
        let theirs = argon2::PasswordHasher::hash_password(&Argon2::default(), b"other", &salt)
            .unwrap()
            .to_string();
        assert!(verify(b"other", &theirs));
        assert_eq!(theirs, hash(b"other", &salt).unwrap());
    }
}
