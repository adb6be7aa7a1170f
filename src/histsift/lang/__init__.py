"""Language knowledge, as data: the words of English history prose and word frequencies."""
