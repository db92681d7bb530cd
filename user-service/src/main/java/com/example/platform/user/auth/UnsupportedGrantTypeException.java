package com.example.platform.user.auth;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UnsupportedGrantTypeException extends DomainException {

	UnsupportedGrantTypeException() {
		super(HttpStatus.BAD_REQUEST,
				"Only grant_type=client_credentials is supported in a form body; users log in with a JSON body");
	}

}
