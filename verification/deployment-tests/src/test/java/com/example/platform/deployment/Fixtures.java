package com.example.platform.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The deliberately broken manifests in {@code src/test/resources/broken/}, each wrong in
 * one way, which prove that a check bites.
 */
final class Fixtures {

	private Fixtures() {
	}

	static String text(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/broken/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonObject json(String name) {
		return JsonParser.parseString(text(name)).getAsJsonObject();
	}

	static List<K8sObject> objects(String name) {
		return K8sObject.parseAll(text(name));
	}

}
