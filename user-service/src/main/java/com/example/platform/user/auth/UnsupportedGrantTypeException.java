package com.example.platform.user.auth;

public class UnsupportedGrantTypeException extends RuntimeException {

	UnsupportedGrantTypeException() {
		super("Only grant_type=client_credentials is supported in a form body; users log in with a JSON body");
	}

}
