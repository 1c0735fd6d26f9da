//! Interop with the official AWS SDK for Rust: `aws-sdk-outposts` calls `StartConnection` on the
//! mock and reads its answers, successes and modelled errors alike.

use aws_sdk_outposts::Client;
use aws_sdk_outposts::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_outposts::operation::start_connection::StartConnectionError;
use conform::mock::{self, Config};
use std::time::Duration;

const KEY: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJK0123/+=";

async fn client(url: &str) -> Client {
    let config = aws_sdk_outposts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "conform-test",
        ))
        .endpoint_url(url)
        .build();
    Client::from_conf(config)
}

async fn start() -> mock::Running {
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        ..Config::default()
    };
    mock::start(config).await.expect("the mock starts")
}

#[tokio::test]
async fn a_valid_call_returns_both_fields() {
    let running = start().await;
    let client = client(&running.url()).await;
    let output = client
        .start_connection()
        .asset_id("asset_1")
        .client_public_key(KEY)
        .device_serial_number("dongle1")
        .network_interface_device_index(1)
        .send()
        .await
        .expect("the SDK accepts the answer");
    let connection_id = output.connection_id().expect("a ConnectionId");
    let address = output.underlay_ip_address().expect("an UnderlayIpAddress");
    let check = format!(r#"{{"ConnectionId":"{connection_id}","UnderlayIpAddress":"{address}"}}"#);
    assert!(
        conform_generated::outposts::start_connection::validate_response_body(check.as_bytes())
            .is_ok()
    );
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn what_the_sdk_sends_but_the_service_refuses_is_a_modelled_validation_exception() {
    let running = start().await;
    let client = client(&running.url()).await;
    for asset_id in ["a".repeat(101), "asset-1".to_string(), "assé".to_string()] {
        let error = client
            .start_connection()
            .asset_id(&asset_id)
            .client_public_key(KEY)
            .device_serial_number("dongle1")
            .network_interface_device_index(0)
            .send()
            .await
            .expect_err("the mock refuses it");
        match error.into_service_error() {
            StartConnectionError::ValidationException(e) => {
                let message = e.message().unwrap_or_default();
                assert!(message.contains("/AssetId"), "{message}");
            }
            other => panic!("AssetId {asset_id:?}: expected a ValidationException, got {other:?}"),
        }
    }
    running.stop(Duration::from_secs(1)).await;
}
