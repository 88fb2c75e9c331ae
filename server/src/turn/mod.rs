//! STUN/TURN support. So far: the ephemeral credential scheme shared with coturn
//! (`use-auth-secret`) and the relay-safety policy for peer addresses; the
//! listeners come next.

pub mod credentials;
pub mod policy;
