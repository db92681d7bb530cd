package com.example.platform.user.auth;

import com.example.platform.user.accounts.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured administrator at startup if it does not exist yet, so a fresh
 * installation has someone who may list and manage users.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserAccounts accounts;

	private final AuthProperties.Admin admin;

	AdminBootstrap(UserAccounts accounts, AuthProperties properties) {
		this.accounts = accounts;
		this.admin = properties.admin();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.admin.isConfigured()) {
			return;
		}
		if (this.admin.password() == null || this.admin.password().isBlank()) {
			throw new IllegalStateException(
					"platform.security.admin.email is set but platform.security.admin.password is not");
		}
		if (this.accounts.createAdminIfAbsent(this.admin.email(), this.admin.password())) {
			log.info("Created administrator {}", this.admin.email());
		}
	}

}
