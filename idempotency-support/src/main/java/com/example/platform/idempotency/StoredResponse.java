package com.example.platform.idempotency;

/**
 * What is replayed for a repeated request: enough for a client to treat the replay
 * exactly like the original answer.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, if any
 * @param location the {@code Location} header, if any
 * @param body the response body
 */
record StoredResponse(int status, String contentType, String location, byte[] body) {

}
