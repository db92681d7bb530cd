package com.example.platform.user.auth;

import java.time.Duration;
import java.util.List;

import com.example.platform.tokens.ClaimPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How user-service issues tokens. Shares the {@code platform.security} prefix with
 * security-support's settings (issuer, audience), which it reads from there.
 *
 * @param token the tokens' lifetime
 * @param signing the signing keys
 * @param admin the administrator created at startup, if any
 * @param clients the services that may obtain tokens with client credentials
 * @param login the brute-force limit on logins
 */
@Validated
@ConfigurationProperties("platform.security")
record AuthProperties(@Valid @NotNull @DefaultValue Token token, @Valid @NotNull @DefaultValue Signing signing,
		@Valid @NotNull @DefaultValue Admin admin, @DefaultValue List<@Valid @NotNull Client> clients,
		@Valid @NotNull @DefaultValue Login login) {

	/**
	 * @param ttl how long a token is valid: short, as tokens cannot be revoked
	 */
	record Token(@DefaultValue("15m") @NotNull Duration ttl) {

		// Every validator refuses a longer-lived token (ClaimPolicy): fail at startup
		// rather than issue tokens nobody accepts.
		@AssertTrue(message = "ttl must be at most ClaimPolicy.MAX_LIFETIME (1h)")
		boolean isWithinTheMaximumLifetime() {
			return this.ttl == null || this.ttl.compareTo(ClaimPolicy.MAX_LIFETIME) <= 0;
		}

	}

	/**
	 * @param activeKeyId the key new tokens are signed with; required when keys are
	 * configured
	 * @param keys every key whose tokens are accepted: the active one and, during a
	 * rotation, the previous one (public part only)
	 */
	record Signing(String activeKeyId, @DefaultValue List<@Valid @NotNull Key> keys) {

	}

	/**
	 * @param id the key id ({@code kid})
	 * @param privateKey base64 PKCS#8 DER or PEM; absent for a retired key
	 * @param publicKey base64 X.509 SubjectPublicKeyInfo or PEM; derived from the private
	 * key when absent
	 */
	record Key(@NotBlank String id, String privateKey, String publicKey) {

		@Override
		public String toString() {
			return "Key[id=%s, privateKey=%s]".formatted(this.id, (this.privateKey != null) ? "******" : "none");
		}

	}

	/**
	 * @param email the administrator's email
	 * @param password the administrator's password
	 */
	record Admin(String email, String password) {

		boolean isConfigured() {
			return this.email != null && !this.email.isBlank();
		}

		@Override
		public String toString() {
			return "Admin[email=%s, password=******]".formatted(this.email);
		}

	}

	/**
	 * @param id the client id, the subject of its tokens
	 * @param secret the client secret
	 */
	record Client(@NotBlank String id, @NotBlank String secret) {

		@Override
		public String toString() {
			return "Client[id=%s, secret=******]".formatted(this.id);
		}

	}

	/**
	 * Failed logins are counted per email and client address; past {@code maxFailures}
	 * each further attempt from that address must wait a delay that doubles from
	 * {@code firstDelay} up to {@code maxDelay}. Never a lock: the right password works
	 * after the delay, and other addresses are not slowed at all.
	 *
	 * @param maxFailures attempts allowed without delay per email and address
	 * @param window how long attempts are remembered after the last one
	 * @param firstDelay the wait after the first attempt beyond {@code maxFailures}
	 * @param maxDelay the longest wait
	 */
	record Login(@DefaultValue("5") @Min(1) int maxFailures, @DefaultValue("15m") @NotNull Duration window,
			@DefaultValue("5s") @NotNull Duration firstDelay, @DefaultValue("5m") @NotNull Duration maxDelay) {

	}

}
