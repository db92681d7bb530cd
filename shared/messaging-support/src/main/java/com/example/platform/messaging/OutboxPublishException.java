package com.example.platform.messaging;

/**
 * A relay batch that Kafka did not fully acknowledge; its rows stay and are retried.
 */
class OutboxPublishException extends RuntimeException {

	OutboxPublishException(String message, Throwable cause) {
		super(message, cause);
	}

}
