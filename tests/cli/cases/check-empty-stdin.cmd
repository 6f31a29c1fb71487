$MEDRULE check - < /dev/null
