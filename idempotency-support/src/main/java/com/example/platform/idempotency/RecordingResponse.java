package com.example.platform.idempotency;

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

	StoredResponse toStored() {
		return new StoredResponse(getStatus(), getContentType(), getHeader(HttpHeaders.LOCATION),
				getContentAsByteArray());
	}

}
