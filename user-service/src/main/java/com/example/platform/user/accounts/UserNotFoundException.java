package com.example.platform.user.accounts;

import java.util.UUID;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UserNotFoundException extends DomainException {

	UserNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, "User %s does not exist".formatted(id));
	}

}
