package io.jobsuite.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's figures: one row per measured figure, printed and written as a Markdown
 * table at the end.
 */
final class FaultReport {

	private final List<String> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** Records a figure that must equal {@code goal}; answers whether it did. */
	synchronized boolean figure(String scenario, String figure, long measured, long goal) {
		boolean met = measured == goal;
		rows.add(row(scenario, figure, Long.toString(measured), "= " + goal, met));
		return met;
	}

	/** Records a figure that must be at least {@code goal}. */
	synchronized boolean atLeast(String scenario, String figure, long measured, long goal) {
		boolean met = measured >= goal;
		rows.add(row(scenario, figure, Long.toString(measured), ">= " + goal, met));
		return met;
	}

	/** Records a figure that must be at most {@code goal}. */
	synchronized boolean atMost(String scenario, String figure, double measured, double goal, String unit) {
		boolean met = measured <= goal;
		rows.add(row(scenario, figure, String.format("%.1f %s", measured, unit),
				String.format("<= %.0f %s", goal, unit), met));
		return met;
	}

	/** A figure reported for context, with no goal. */
	synchronized void info(String scenario, String figure, String measured) {
		rows.add("| " + scenario + " | " + figure + " | " + measured + " | (info) | |");
	}

	synchronized void note(String note) {
		notes.add(note);
	}

	synchronized String table() {
		StringBuilder table = new StringBuilder("| scenario | figure | measured | goal | |\n|---|---|---|---|---|\n");
		rows.forEach(row -> table.append(row).append('\n'));
		if (!notes.isEmpty()) {
			table.append('\n');
			notes.forEach(note -> table.append("- ").append(note).append('\n'));
		}
		return table.toString();
	}

	void write(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, "# Fault suite report\n\n" + table());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String row(String scenario, String figure, String measured, String goal, boolean met) {
		return "| " + scenario + " | " + figure + " | " + measured + " | " + goal + " | " + (met ? "PASS" : "FAIL")
				+ " |";
	}

}
