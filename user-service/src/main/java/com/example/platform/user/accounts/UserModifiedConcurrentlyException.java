package com.example.platform.user.accounts;

import java.util.UUID;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UserModifiedConcurrentlyException extends DomainException {

	UserModifiedConcurrentlyException(UUID id, long expectedVersion) {
		super(HttpStatus.CONFLICT,
				"User %s was modified concurrently (expected version %d)".formatted(id, expectedVersion));
	}

}
