package com.example.platform.user.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key tokens are signed with, and every key whose tokens are still accepted. Keys
 * rotate without downtime: publish the new key beside the old one, make it active, and
 * drop the old one once its last tokens have expired.
 */
final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final RSAKey active;

	private final JWKSet publicKeys;

	private SigningKeys(RSAKey active, List<RSAKey> all) {
		this.active = active;
		this.publicKeys = new JWKSet(new ArrayList<>(all)).toPublicJWKSet();
	}

	static SigningKeys from(AuthProperties.Signing signing) {
		if (signing.keys().isEmpty()) {
			return ephemeral();
		}
		List<RSAKey> keys = signing.keys().stream().map(SigningKeys::parse).toList();
		RSAKey active = keys.stream()
			.filter((key) -> key.getKeyID().equals(signing.activeKeyId()) && key.isPrivate())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"platform.security.signing.active-key-id '%s' must name a configured key with a private key"
						.formatted(signing.activeKeyId())));
		log.info("Signing tokens with key '{}'; accepting keys {}", active.getKeyID(),
				keys.stream().map(RSAKey::getKeyID).toList());
		return new SigningKeys(active, keys);
	}

	private static SigningKeys ephemeral() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID("ephemeral-" + UUID.randomUUID())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
			log.warn("No signing key configured (platform.security.signing): generated an ephemeral RSA key. "
					+ "Its tokens will not survive a restart nor validate on other instances.");
			return new SigningKeys(key, List.of(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	RSAKey active() {
		return this.active;
	}

	JWKSet publicKeys() {
		return this.publicKeys;
	}

	private static RSAKey parse(AuthProperties.Key key) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			RSAPrivateCrtKey privateKey = (key.privateKey() != null && !key.privateKey().isBlank())
					? (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der(key.privateKey()))) : null;
			RSAPublicKey publicKey;
			if (key.publicKey() != null && !key.publicKey().isBlank()) {
				publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(key.publicKey())));
			}
			else if (privateKey != null) {
				publicKey = (RSAPublicKey) rsa
					.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			}
			else {
				throw new IllegalStateException(
						"Signing key '%s' has neither a private nor a public key".formatted(key.id()));
			}
			if (privateKey != null && !matches(privateKey, publicKey)) {
				throw new IllegalStateException(
						"Signing key '%s': the public key does not belong to the private key".formatted(key.id()));
			}
			RSAKey.Builder builder = new RSAKey.Builder(publicKey).keyID(key.id())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256);
			return (privateKey != null) ? builder.privateKey(privateKey).build() : builder.build();
		}
		catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			// The message names the key, never its material.
			throw new IllegalStateException(
					"Signing key '%s' is not a valid RSA key (base64 DER or PEM expected)".formatted(key.id()), ex);
		}
	}

	private static boolean matches(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
		return privateKey.getModulus().equals(publicKey.getModulus())
				&& privateKey.getPublicExponent().equals(publicKey.getPublicExponent());
	}

	// Accepts PEM (with its BEGIN/END lines) or the bare base64 of the DER.
	private static byte[] der(String encoded) {
		String base64 = encoded.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
		return Base64.getDecoder().decode(base64);
	}

}
