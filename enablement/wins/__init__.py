"""Won deals: who closed them, the assets that helped, who sourced the lead; and the totals."""
