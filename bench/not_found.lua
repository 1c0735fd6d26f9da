-- wrk script: the same POST to a path the mock does not serve, the peer that measures the
-- server with no validation and no answer body work.
wrk.method = "POST"
wrk.path = "/nowhere"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"AssetId":"asset_1","ClientPublicKey":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJK0123/+=","DeviceSerialNumber":"dongle1","NetworkInterfaceDeviceIndex":1}'
