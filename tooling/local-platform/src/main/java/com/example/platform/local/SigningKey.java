package com.example.platform.local;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key user-service signs tokens with, and the id ({@code kid}) it is published
 * under in the JWKS. Tests use it to forge tokens that are wrong in exactly one way.
 *
 * @param keyId the key id
 * @param privateKey the RSA private key
 */
public record SigningKey(String keyId, PrivateKey privateKey) {

	private static final int KEY_SIZE = 2048;

	/**
	 * A new RSA 2048 key.
	 * @param keyId the id to publish it under
	 * @return the key
	 */
	public static SigningKey generate(String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(KEY_SIZE);
			return new SigningKey(keyId, generator.generateKeyPair().getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM cannot generate RSA keys", ex);
		}
	}

	/**
	 * Reads a key in the form user-service is configured with.
	 * @param keyId the key id
	 * @param base64 the private key as base64 PKCS#8 DER
	 * @return the key
	 */
	static SigningKey of(String keyId, String base64) {
		try {
			PrivateKey key = KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
			return new SigningKey(keyId, key);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Signing key '" + keyId + "' is not a base64 PKCS#8 RSA key", ex);
		}
	}

	/**
	 * The private key as user-service reads it
	 * ({@code platform.security.signing.keys[i].private-key}).
	 * @return base64 of the PKCS#8 DER encoding
	 */
	String base64() {
		return Base64.getEncoder().encodeToString(this.privateKey.getEncoded());
	}

	@Override
	public String toString() {
		return "SigningKey[keyId=" + this.keyId + "]";
	}

}
