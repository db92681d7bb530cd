package com.example.platform.faults;

/**
 * Faults an operator asked for that this instance will not inject.
 */
class InvalidFaultsException extends RuntimeException {

	InvalidFaultsException(String message) {
		super(message);
	}

}
