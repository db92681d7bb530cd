package com.example.platform.user.accounts;

/**
 * What a user may do beyond their own record: an ADMIN lists and manages every user.
 */
enum UserRole {

	USER, ADMIN

}
