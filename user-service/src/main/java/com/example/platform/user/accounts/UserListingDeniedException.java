package com.example.platform.user.accounts;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UserListingDeniedException extends DomainException {

	UserListingDeniedException() {
		super(HttpStatus.FORBIDDEN, "Only administrators may list users");
	}

}
