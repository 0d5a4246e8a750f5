"""What reps use and ask for, fed back to marketing."""
