package com.example.platform.user.auth;

import com.example.platform.user.accounts.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the configured administrator at startup if it does not exist yet, so a fresh
 * installation has someone who may list and manage users. It runs before the web server
 * starts and the instance registers: as an application runner it ran after both, and an
 * instance restarted under load failed to start when the requests it was already given
 * held every pooled connection the bootstrap waited for.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserAccounts accounts;

	private final AuthProperties.Admin admin;

	AdminBootstrap(UserAccounts accounts, AuthProperties properties) {
		this.accounts = accounts;
		this.admin = properties.admin();
	}

	@Override
	public void afterSingletonsInstantiated() {
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
