package com.example.platform.user.user;

public class UserListingDeniedException extends RuntimeException {

	UserListingDeniedException() {
		super("Only administrators may list users");
	}

}
