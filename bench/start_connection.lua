-- wrk script: valid StartConnection POSTs, as the mock expects them (a SigV4-shaped
-- Authorization header; the mock checks its form, not its signature).
wrk.method = "POST"
wrk.path = "/connections"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/outposts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef"
wrk.headers["X-Amz-Date"] = "20261122T000000Z"
wrk.body = '{"AssetId":"asset_1","ClientPublicKey":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJK0123/+=","DeviceSerialNumber":"dongle1","NetworkInterfaceDeviceIndex":1}'
