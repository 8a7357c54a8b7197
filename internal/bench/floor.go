package bench

import "time"

// floorResponse is what a careful hand-written client would decode the
// documentation's example into with encoding/json: the floor the other
// contenders are measured against.
type floorResponse struct {
	Data struct {
		ID        int64      `json:"id"`
		CreatedAt time.Time  `json:"created_at"`
		Channel   string     `json:"channel"`
		Status    string     `json:"status"`
		Snooze    *time.Time `json:"snooze_until"`
		Agent     struct {
			ID        int64  `json:"id"`
			Channel   string `json:"channel"`
			DisplayID int64  `json:"display_id"`
			Name      string `json:"name"`
			InSync    bool   `json:"in_sync"`
			Unread    int64  `json:"unread_conversations_count"`
		} `json:"agent"`
		Customer struct {
			ID        int64  `json:"id"`
			Channel   string `json:"channel"`
			DisplayID int64  `json:"display_id"`
			Name      string `json:"name"`
			Profile   struct {
				ID          int64     `json:"id"`
				Salutation  *string   `json:"salutation"`
				Name        *string   `json:"name"`
				Gender      *string   `json:"gender"`
				Blocked     bool      `json:"blocked"`
				DateOfBirth *string   `json:"date_of_birth"`
				PhoneNumber *string   `json:"phone_number"`
				Email       *string   `json:"email"`
				Address     *string   `json:"address"`
				Custom1     *string   `json:"custom_1"`
				Custom2     *string   `json:"custom_2"`
				Custom3     *string   `json:"custom_3"`
				Custom4     *string   `json:"custom_4"`
				Custom5     *string   `json:"custom_5"`
				CreatedAt   time.Time `json:"created_at"`
				UpdatedAt   time.Time `json:"updated_at"`
			} `json:"profile"`
		} `json:"customer"`
		User *struct {
			ID          int64     `json:"id"`
			Name        string    `json:"name"`
			Email       string    `json:"email"`
			Roles       []string  `json:"roles"`
			Permissions []string  `json:"permissions"`
			CreatedAt   time.Time `json:"created_at"`
			UpdatedAt   time.Time `json:"updated_at"`
		} `json:"user"`
		LatestMessage         *floorMessage `json:"latest_message"`
		LatestCustomerMessage *floorMessage `json:"latest_customer_message"`
		LastCustomerReplyFrom *time.Time    `json:"last_customer_reply_from"`
		LatestNote            *struct {
			ID             int64     `json:"id"`
			ConversationID int64     `json:"conversation_id"`
			Text           string    `json:"text"`
			CreatedAt      time.Time `json:"created_at"`
			UpdatedAt      time.Time `json:"updated_at"`
		} `json:"latest_note"`
		UnreadCustomerMessages      int64      `json:"unread_customer_messages_count"`
		ReplyUntil                  *time.Time `json:"reply_until"`
		ReplyPossible               bool       `json:"reply_possible"`
		CustomerInteractionRequired bool       `json:"customer_interaction_required"`
	} `json:"data"`
}

type floorMessage struct {
	ID             int64  `json:"id"`
	ConversationID int64  `json:"conversation_id"`
	From           string `json:"from"`
	Source         string `json:"source"`
	UserID         *int64 `json:"user_id"`
	Contents       []struct {
		Type    string `json:"type"`
		Content string `json:"content"`
	} `json:"contents"`
	Status           string         `json:"status"`
	AgentReaction    *string        `json:"agent_reaction"`
	CustomerReaction *string        `json:"customer_reaction"`
	SentAt           *time.Time     `json:"sent_at"`
	Reference        map[string]any `json:"reference"`
	LatestError      *struct {
		ID              int64     `json:"id"`
		MessageID       int64     `json:"message_id"`
		Type            string    `json:"type"`
		OriginalMessage *string   `json:"original_message"`
		CreatedAt       time.Time `json:"created_at"`
	} `json:"latest_error"`
	WhatsappCampaign *struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"whatsapp_campaign"`
}
