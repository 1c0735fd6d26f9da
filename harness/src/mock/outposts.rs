//! AWS Outposts `StartConnection` as the service answers it, over restJson1: SigV4 required, `application/json` only,
//! malformed bodies as `SerializationException`, broken constraints as `ValidationException`, and
//! a deterministic success body for a valid request.

use super::faults::{Fault, Faults};
use super::reply;
use axum::body::Body;
use axum::http::{HeaderMap, Response};
use base64::Engine;
use conform_generated::outposts::start_connection;
use conform_generated::runtime::{Location, Operation, Violation, media_type_is};
use sha2::{Digest, Sha256};

/// The answer to a request whose credentials are missing or malformed, if they are. This comes
/// before the body is read, as it does at AWS.
pub fn authorize(op: &Operation, faults: &Faults, headers: &HeaderMap) -> Option<Response<Body>> {
    if faults.on(Fault::SkipAuth) {
        return None;
    }
    let name_it = !faults.on(Fault::MissingErrorType);
    match signature(headers) {
        Signature::Signed => None,
        Signature::Missing => {
            let (name, status) = op
                .error_answering("unauthenticated")
                .map_or(("MissingAuthenticationToken", 403), |e| (e.name, e.status));
            Some(reply::aws_error(
                status,
                wire_name(op, name),
                "Missing Authentication Token",
                name_it,
            ))
        }
        Signature::Malformed(why) => {
            let name = op
                .errors
                .iter()
                .find(|e| e.name == "IncompleteSignature")
                .map_or("IncompleteSignatureException", |e| wire_name(op, e.name));
            Some(reply::aws_error(400, name, why, name_it))
        }
    }
}

/// Answers a request to StartConnection whose credentials passed [`authorize`].
pub fn answer(op: &Operation, faults: &Faults, headers: &HeaderMap, body: &[u8]) -> Response<Body> {
    let name_it = !faults.on(Fault::MissingErrorType);
    let error = |kind: &str, fallback: (&str, u16), message: &str| {
        let (name, status) = op
            .error_answering(kind)
            .map_or(fallback, |e| (e.name, e.status));
        let wire = wire_name(op, name);
        reply::aws_error(status, wire, message, name_it)
    };
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !media_type_is(content_type, "application/json") {
        return error(
            "mediaType",
            ("UnsupportedMediaTypeException", 415),
            "The request body must be application/json.",
        );
    }
    let violations: Vec<Violation> = (op.check_request)(headers, body)
        .into_iter()
        .filter(|v| v.location == Location::Body)
        .collect();
    if !violations.is_empty() && !faults.on(Fault::AcceptInvalid) {
        let kind = if violations.iter().any(Violation::is_serialization) {
            "serialization"
        } else {
            "validation"
        };
        let fallback = if kind == "serialization" {
            ("SerializationException", 400)
        } else {
            ("ValidationException", 400)
        };
        let mut response = error(kind, fallback, &reply::describe(&violations));
        if kind == "validation" && faults.on(Fault::WrongValidationStatus) {
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        }
        return response;
    }
    if faults.on(Fault::Boundary500) && at_a_bound(body) {
        let name = op
            .errors
            .iter()
            .find(|e| e.status == 500)
            .map_or("InternalServerException", |e| e.name);
        return reply::aws_error(
            500,
            wire_name(op, name),
            "An internal error has occurred.",
            name_it,
        );
    }
    success(op, faults, body)
}

/// The wire name (`X-Amzn-ErrorType` value) of the error `name`.
fn wire_name<'a>(op: &'a Operation, name: &'a str) -> &'a str {
    op.errors
        .iter()
        .find(|e| e.name == name)
        .map_or(name, |e| match e.naming {
            conform_generated::runtime::ErrorNaming::Header { value, .. } => value,
            conform_generated::runtime::ErrorNaming::Member { .. } => e.name,
        })
}

enum Signature {
    Signed,
    Missing,
    Malformed(&'static str),
}

/// Whether the request carries a SigV4 signature. The mock has no secret to check the signature
/// against, so it checks the form: the algorithm, the three parts, and `X-Amz-Date`.
fn signature(headers: &HeaderMap) -> Signature {
    let Some(value) = headers.get("authorization") else {
        return Signature::Missing;
    };
    let Some(rest) = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("AWS4-HMAC-SHA256 "))
    else {
        return Signature::Malformed(
            "Authorization header requires the AWS4-HMAC-SHA256 algorithm.",
        );
    };
    let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    for part in ["Credential=", "SignedHeaders=", "Signature="] {
        if !parts
            .iter()
            .any(|p| p.starts_with(part) && p.len() > part.len())
        {
            return Signature::Malformed(
                "Authorization header requires Credential, SignedHeaders and Signature.",
            );
        }
    }
    if headers.get("x-amz-date").is_none() && headers.get("date").is_none() {
        return Signature::Malformed(
            "Authorization header requires existence of either a X-Amz-Date or a Date header.",
        );
    }
    Signature::Signed
}

/// Whether a member sits at its maxLength or maximum.
fn at_a_bound(body: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    let rules = [
        (
            "AssetId",
            &start_connection::rules::START_CONNECTION_REQUEST_ASSET_ID,
        ),
        (
            "ClientPublicKey",
            &start_connection::rules::START_CONNECTION_REQUEST_CLIENT_PUBLIC_KEY,
        ),
        (
            "DeviceSerialNumber",
            &start_connection::rules::START_CONNECTION_REQUEST_DEVICE_SERIAL_NUMBER,
        ),
    ];
    let long = rules.iter().any(|(name, rule)| {
        let length = value
            .get(name)
            .and_then(|v| v.as_str())
            .map(|s| s.chars().count() as u64);
        length.is_some() && length == rule.max_length && rule.min_length != rule.max_length
    });
    let index = &start_connection::rules::START_CONNECTION_REQUEST_NETWORK_INTERFACE_DEVICE_INDEX;
    let high = value
        .get("NetworkInterfaceDeviceIndex")
        .and_then(serde_json::Value::as_i64)
        .is_some_and(|n| Some(n) == index.maximum);
    long || high
}

/// 200 with a ConnectionId and an UnderlayIpAddress drawn from the request, so the same request
/// always gets the same answer.
fn success(op: &Operation, faults: &Faults, body: &[u8]) -> Response<Body> {
    let digest = Sha256::digest(body);
    let connection_id = if faults.on(Fault::BadResponseSchema) {
        "not a valid connection id!".to_string()
    } else {
        base64::engine::general_purpose::STANDARD.encode(digest)
    };
    let address = format!("10.{}.{}.{}", digest[0], digest[1], digest[2].max(1));
    let answer = start_connection::StartConnectionResponse {
        connection_id: Some(connection_id),
        underlay_ip_address: Some(address),
    };
    let body = serde_json::to_value(&answer).unwrap_or_default();
    reply::json(op.success_status, "application/json", &body)
}
