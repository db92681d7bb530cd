package com.example.platform.user.user;

public class DuplicateEmailException extends RuntimeException {

	DuplicateEmailException(String email) {
		super("A user with email %s already exists".formatted(email));
	}

}
