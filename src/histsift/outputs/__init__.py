"""What people read: the export contract, the report, the study material, and how values are worded."""
