package io.jobsuite.api.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * Page requests from untrusted page numbers and sizes: clamped so that the row offset
 * always fits an int.
 */
public final class Paging {

	private Paging() {
	}

	public static PageRequest of(int page, int size, int maxSize, Sort sort) {
		int clampedSize = Math.min(Math.max(size, 1), maxSize);
		int clampedPage = Math.min(Math.max(page, 0), Integer.MAX_VALUE / clampedSize - 1);
		return PageRequest.of(clampedPage, clampedSize, sort);
	}

}
