package com.example.platform.systemtest;

import com.example.platform.local.LocalPlatform;
import com.example.platform.local.SigningKey;
import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.testsupport.TokenBuilder;

/**
 * Tokens as a running platform's user-service would issue them, with its real issuer,
 * audience and signing key, built by the one test token builder the module tests use too
 * ({@link TokenBuilder}, forged by {@link ForgedTokens}). No call to the platform: an
 * attacker's token is whatever bytes they choose.
 */
final class PlatformTokens {

	private PlatformTokens() {
	}

	/**
	 * A token signed with the key user-service signs with now.
	 * @param platform the platform
	 * @param subject the user's id
	 * @param roles its roles
	 * @return the builder, to sign or to forge
	 */
	static TokenBuilder of(LocalPlatform platform, String subject, String... roles) {
		return signedWith(platform, platform.signingKey(), subject, roles);
	}

	/**
	 * A token signed with the given key, published or not.
	 * @param platform the platform
	 * @param key the key
	 * @param subject the user's id
	 * @param roles its roles
	 * @return the builder
	 */
	static TokenBuilder signedWith(LocalPlatform platform, SigningKey key, String subject, String... roles) {
		return TestTokens.builder(platform.issuer(), platform.audience(), key.keyId(), key.privateKey())
			.subject(subject)
			.roles(roles);
	}

}
