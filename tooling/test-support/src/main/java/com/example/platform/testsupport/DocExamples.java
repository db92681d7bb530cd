package com.example.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code bash} examples of the README and of the pages under {@code docs/}: what
 * {@code ReadmeExamplesIT} (system-tests) runs and what {@code ShelledOutCommandsTests}
 * checks the commands of, read the one same way. Blocks fenced otherwise (for example
 * {@code sh}, for commands that need a Docker engine or a cluster) are not examples.
 */
public final class DocExamples {

	private DocExamples() {
	}

	/**
	 * The pages whose examples are run: the README, then every page under {@code docs/}.
	 * @param repository the repository's root
	 * @return each page's path relative to the root, with {@code /} as separator
	 */
	public static List<String> pages(Path repository) {
		List<String> pages = new ArrayList<>();
		pages.add("README.md");
		try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
			docs.filter((page) -> page.getFileName().toString().endsWith(".md"))
				.map((page) -> "docs/" + page.getFileName())
				.sorted()
				.forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	/**
	 * The {@code bash} blocks of each page, in the pages' order.
	 * @param repository the repository's root
	 * @return blocks by page (as {@link #pages} names it)
	 */
	public static Map<String, List<String>> examples(Path repository) {
		Map<String, List<String>> examples = new LinkedHashMap<>();
		for (String page : pages(repository)) {
			try {
				examples.put(page, blocks(Files.readString(repository.resolve(page), StandardCharsets.UTF_8)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return examples;
	}

	/**
	 * The {@code bash} blocks of one page, in its order.
	 * @param markdown the page's text
	 * @return its blocks, each line ending in a line feed
	 */
	public static List<String> blocks(String markdown) {
		List<String> blocks = new ArrayList<>();
		StringBuilder block = null;
		for (String line : markdown.split("\n", -1)) {
			if (block == null && line.equals("```bash")) {
				block = new StringBuilder();
			}
			else if (block != null && line.equals("```")) {
				blocks.add(block.toString());
				block = null;
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
		}
		return blocks;
	}

}
