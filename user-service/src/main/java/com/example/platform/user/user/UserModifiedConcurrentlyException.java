package com.example.platform.user.user;

import java.util.UUID;

public class UserModifiedConcurrentlyException extends RuntimeException {

	UserModifiedConcurrentlyException(UUID id, long expectedVersion) {
		super("User %s was modified concurrently (expected version %d)".formatted(id, expectedVersion));
	}

}
