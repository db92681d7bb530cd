package com.example.platform.user.accounts;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The user feature's face to authentication: credentials by email, and the administrator
 * an installation starts with.
 */
@Service
public class UserAccounts {

	private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);

	static final String ADMIN_NAME = "Administrator";

	private final UserRepository users;

	private final UserService userService;

	UserAccounts(UserRepository users, UserService userService) {
		this.users = users;
		this.userService = userService;
	}

	/**
	 * The credentials of the user with the given email, in any case or other form of it
	 * with the same {@link CanonicalEmail}.
	 * @param email the email
	 * @return the credentials, or empty for an unknown email
	 */
	// Read-write on purpose: a read-only transaction may go to the replica, where a user
	// who has just registered (or changed their email) may not have arrived yet.
	@Transactional
	public Optional<UserCredentials> credentialsOf(String email) {
		return this.users.findByCanonicalEmail(CanonicalEmail.of(email))
			.map((user) -> new UserCredentials(user.getId(), user.getPasswordHash(), user.getRole().name()));
	}

	/**
	 * Creates the administrator unless a user with that email exists. Safe when several
	 * instances start at once: the unique email index lets exactly one insert win.
	 * @param email the administrator's email
	 * @param password the administrator's password
	 * @return whether this call created it
	 */
	public boolean createAdminIfAbsent(String email, String password) {
		if (this.users.existsByCanonicalEmail(CanonicalEmail.of(email))) {
			return false;
		}
		try {
			this.userService.register(email, ADMIN_NAME, password, UserRole.ADMIN);
			return true;
		}
		catch (DuplicateEmailException ex) {
			log.debug("Administrator {} was created concurrently", email);
			return false;
		}
	}

}
