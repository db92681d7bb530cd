package com.example.platform.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * Reading prometheus/'s YAML files, for the tests that check them.
 */
final class YamlFiles {

	private YamlFiles() {
	}

	static Map<String, Object> load(Path file) {
		try {
			return new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object list) {
		return (list != null) ? (List<Map<String, Object>>) list : List.of();
	}

}
