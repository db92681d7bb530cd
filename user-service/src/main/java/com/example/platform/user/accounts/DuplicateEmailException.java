package com.example.platform.user.accounts;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class DuplicateEmailException extends DomainException {

	DuplicateEmailException(String email) {
		super(HttpStatus.CONFLICT, "A user with email %s already exists".formatted(email));
	}

}
