package com.example.platform.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Keeps the application's response so it can be stored before it goes out.
 */
class RecordingResponse extends ContentCachingResponseWrapper {

	private boolean errorSent;

	RecordingResponse(HttpServletResponse response) {
		super(response);
	}

	// The container renders sendError's body after the filters have returned, so there is
	// nothing faithful to store: such a request is treated like a failure.
	@Override
	public void sendError(int status) throws IOException {
		this.errorSent = true;
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		this.errorSent = true;
		super.sendError(status, message);
	}

	/**
	 * Whether the outcome is final for the client. Server errors, 408 and 429 invite a
	 * retry, so their key is released instead of being stored.
	 */
	boolean isFinal() {
		int status = getStatus();
		return !this.errorSent && status < 500 && status != HttpStatus.REQUEST_TIMEOUT.value()
				&& status != HttpStatus.TOO_MANY_REQUESTS.value();
	}

	/**
	 * The response as it is stored for replay.
	 * @param replayedHeaders further headers to keep when the response has them
	 * @return the stored response
	 */
	StoredResponse toStored(List<String> replayedHeaders) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : replayedHeaders) {
			String value = getHeader(name);
			if (value != null) {
				headers.put(name, value);
			}
		}
		return new StoredResponse(getStatus(), getContentType(), getHeader(HttpHeaders.LOCATION), headers,
				getContentAsByteArray());
	}

}
