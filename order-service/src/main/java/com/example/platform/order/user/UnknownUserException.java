package com.example.platform.order.user;

import java.util.UUID;

public class UnknownUserException extends RuntimeException {

	public UnknownUserException(UUID id) {
		super("User %s does not exist".formatted(id));
	}

}
