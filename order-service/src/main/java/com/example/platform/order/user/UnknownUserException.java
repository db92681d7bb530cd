package com.example.platform.order.user;

import java.util.UUID;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UnknownUserException extends DomainException {

	public UnknownUserException(UUID id) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "User %s does not exist".formatted(id));
	}

}
