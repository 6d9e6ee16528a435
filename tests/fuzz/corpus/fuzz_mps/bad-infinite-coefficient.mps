NAME truncated
ROWS
 N obj
 L c1
COLUMNS
 x obj 1 c1 1e30
