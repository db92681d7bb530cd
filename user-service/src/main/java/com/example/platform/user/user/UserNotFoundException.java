package com.example.platform.user.user;

import java.util.UUID;

public class UserNotFoundException extends RuntimeException {

	UserNotFoundException(UUID id) {
		super("User %s does not exist".formatted(id));
	}

}
