package reliability

import "github.com/cdpkit/cdpkit/pkg/userlot/userlottest"

type (
	userlotEvent  = userlottest.Event
	userlotTicket = userlottest.Ticket
)
