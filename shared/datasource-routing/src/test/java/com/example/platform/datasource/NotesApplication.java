package com.example.platform.datasource;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service shaped like the platform's: a controller, a use-case service owning
 * the transactions, and the platform's problem handler. Each read reports which server
 * answered it.
 */
@SpringBootApplication
class NotesApplication {

	@RestController
	static class NotesController {

		private final NotesService notes;

		NotesController(NotesService notes) {
			this.notes = notes;
		}

		@PutMapping("/notes/{id}")
		void write(@PathVariable long id, @RequestBody String text) {
			this.notes.writeNote(id, text);
		}

		@GetMapping("/notes/{id}")
		Map<String, Object> read(@PathVariable long id) {
			return this.notes.readNote(id);
		}

	}

	@Service
	static class NotesService {

		private final JdbcClient jdbc;

		NotesService(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		void writeNote(long id, String text) {
			this.jdbc
				.sql("insert into notes (id, text) values (:id, :text) on conflict (id) do update set text = :text")
				.param("id", id)
				.param("text", text)
				.update();
		}

		@Transactional(readOnly = true)
		Map<String, Object> readNote(long id) {
			return this.jdbc.sql("""
					select coalesce((select text from notes where id = :id), '') as text,
					       pg_is_in_recovery() as replica, inet_server_port() as port""")
				.param("id", id)
				.query()
				.singleRow();
		}

	}

}
